package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.dl4jsaliency.audit.Audit;
import org.dl4jsaliency.audit.AuditResult;
import org.dl4jsaliency.audit.AuditConfig;
import org.dl4jsaliency.audit.AuditOverrides;
import org.dl4jsaliency.audit.AuditPlan;
import org.dl4jsaliency.report.AuditReport;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.OutputFolder;
import org.dl4jsaliency.report.Verdict;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code audit}: runs an audit configuration (a name in {@code zoo-configs/} or a path; the default
 * configuration without arguments), with command-line overrides, and writes {@code audit.html},
 * {@code audit.json} and {@code audit-junit.xml} to the output folder, all or none. Exit 1 when a check
 * FAILs (unless {@code --warn-only}).
 */
final class AuditCommand implements Command {
    static final String DEFAULT_CONFIG = "default";
    static final String HTML = AuditResult.HTML;
    static final String JSON = AuditResult.JSON;
    static final String JUNIT = AuditResult.JUNIT;

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public String summary() {
        return "audit a model's saliency methods for input bias; writes HTML, JSON and JUnit reports";
    }

    @Override
    public Options options() {
        Options o = PrecisionOption.add(ModelOptions.add(new Options()));
        o.addOption(Option.builder().longOpt("config").hasArg().argName("name|file")
                .desc("configuration: a name in zoo-configs/ or a JSON file (default: " + DEFAULT_CONFIG + ")").build());
        o.addOption(Option.builder().longOpt("method").hasArg().argName("spec")
                .desc("method to audit, replacing the configuration's list (repeatable; name or name:k=v,k=v)").build());
        o.addOption(Option.builder().longOpt("check").hasArg().argName("name")
                .desc("run only this configured check (repeatable)").build());
        o.addOption(Option.builder().longOpt("images").hasArg().argName("folder")
                .desc("a folder of your images, given the per-image metrics").build());
        o.addOption(Option.builder().longOpt("labels")
                .desc("--images is a folder of labelled images, one subfolder per class, read through DataVec "
                        + "(classes numbered in sorted folder-name order)").build());
        o.addOption(Option.builder().longOpt("target").hasArg().argName("c|label")
                .desc("explained class: c on every input, or 'label': each of your images' true class (with "
                        + "--labels; the probes keep the predicted class) (default: the predicted class)").build());
        o.addOption(Option.builder().longOpt("range").hasArg().argName("lo,hi")
                .desc("declared input value range, replacing the configuration's preprocessing").build());
        o.addOption(Option.builder().longOpt("probes").hasArg().argName("n")
                .desc("probe positions / smooth images (probes.count)").build());
        o.addOption(Option.builder().longOpt("probe-seed").hasArg().argName("n")
                .desc("seed of every probe, noise and randomisation").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("folder")
                .desc("report folder (default: reports/<configuration name>)").build());
        o.addOption(Option.builder().longOpt("warn-only").desc("report FAILs but exit 0").build());
        return o;
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        AuditConfig config = loadConfig(line.getOptionValue("config", DEFAULT_CONFIG));
        AuditPlan plan;
        try {
            plan = AuditPlan.resolve(config, overrides(line));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Path outDir = line.hasOption("out") ? Path.of(line.getOptionValue("out"))
                : Home.path().resolve("reports").resolve(plan.name());
        try (OutputFolder folder = Args.outputFolder(outDir)) {
            out.println("audit '" + plan.name() + "': " + plan.modelDescription() + ", "
                    + plan.methodLabels().size() + " method(s), checks " + plan.checkNames());
            AuditReport report;
            try {
                report = new Audit(plan).run(out, line.hasOption("warn-only"));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            AuditResult.of(report).writeReports(outDir);
            folder.succeeded();
            return verdict(report, outDir, out);
        }
    }

    /** Prints the summary and the verdict; returns the exit code. */
    private static int verdict(AuditReport report, Path outDir, PrintStream out) {
        summary(report, out);
        out.println("reports: " + outDir.resolve(HTML) + ", " + JSON + ", " + JUNIT);
        if (report.overall() == Verdict.NOT_APPLICABLE) {
            out.println("NOT MEASURED");
            throw new UsageException(AuditReport.NOTHING_MEASURED + " (reports written to " + outDir + ")");
        }
        if (report.overall() == Verdict.FAIL) {
            out.println(report.warnOnly() ? "FAIL (ignored: --warn-only)" : "FAIL");
            return report.warnOnly() ? 0 : 1;
        }
        out.println(report.overall());
        return 0;
    }

    /** The configuration named (in zoo-configs/) or at a path. */
    static AuditConfig loadConfig(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (!Files.exists(p) && !nameOrPath.contains("/") && !nameOrPath.endsWith(".json")) {
            p = Home.path().resolve("zoo-configs").resolve(nameOrPath + ".json");
        }
        try {
            return AuditConfig.read(p);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The flags that change the configuration, parsed (their values are checked by the plan). */
    private static AuditOverrides overrides(CommandLine line) {
        AuditOverrides.Builder o = AuditOverrides.builder();
        if (line.hasOption("model")) {
            o.modelFile(Path.of(line.getOptionValue("model")));
        }
        if (line.hasOption("zoo")) {
            o.zoo(line.getOptionValue("zoo"));
        }
        if (line.hasOption("input-shape")) {
            o.inputShape(Args.shape("input-shape", line.getOptionValue("input-shape")));
        }
        if (line.hasOption("classes")) {
            o.classes(Args.positiveInt("classes", line.getOptionValue("classes")));
        }
        if (line.hasOption("seed")) {
            o.modelSeed(Args.positiveInt("seed", line.getOptionValue("seed")));
        }
        if (line.hasOption("method")) {
            o.methods(List.of(line.getOptionValues("method")));
        }
        if (line.hasOption("check")) {
            o.checks(List.of(line.getOptionValues("check")));
        }
        if (line.hasOption("images")) {
            o.images(Path.of(line.getOptionValue("images")));
        }
        if (line.hasOption("range")) {
            double[] r = Args.numbers("range", line.getOptionValue("range"), 2);
            o.range(r[0], r[1]);
        }
        if (line.hasOption("probes")) {
            o.probes(Args.positiveInt("probes", line.getOptionValue("probes")));
        }
        if (line.hasOption("probe-seed")) {
            o.probeSeed(Args.positiveInt("probe-seed", line.getOptionValue("probe-seed")));
        }
        if (line.hasOption(PrecisionOption.NAME)) {
            o.precision(PrecisionOption.of(line).label());
        }
        if (line.hasOption("labels")) {
            o.labelledImages(true);
        }
        if (line.hasOption("target")) {
            String t = line.getOptionValue("target").trim();
            if (t.equals("label")) {
                o.explainLabels(true);
            } else {
                o.target(Args.nonNegativeInt("target", t));
            }
        }
        return o.build();
    }

    private static void summary(AuditReport report, PrintStream out) {
        out.println();
        int width = Math.max(24, report.methods().stream().mapToInt(String::length).max().orElse(0) + 1);
        String first = "%-" + width + "s";
        out.printf(Locale.ROOT, first, "method \\ check");
        for (String c : report.checks()) {
            out.printf(Locale.ROOT, " %-22s", c);
        }
        out.println();
        for (String m : report.methods()) {
            out.printf(Locale.ROOT, first, m);
            for (String c : report.checks()) {
                CheckResult r = find(report, c, m);
                String v = r.value() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", r.value());
                out.printf(Locale.ROOT, " %-22s", r.verdict() + " " + v);
            }
            out.println();
        }
        long fails = report.results().stream().filter(r -> r.verdict() == Verdict.FAIL).count();
        long warns = report.results().stream().filter(r -> r.verdict() == Verdict.WARN).count();
        out.printf(Locale.ROOT, "%d result(s): %d FAIL, %d WARN; %.1f s%n", report.results().size(), fails, warns,
                report.run().durationSeconds());
    }

    private static CheckResult find(AuditReport report, String check, String method) {
        return report.results().stream().filter(r -> r.check().equals(check) && r.method().equals(method))
                .findFirst().orElseThrow();
    }
}
