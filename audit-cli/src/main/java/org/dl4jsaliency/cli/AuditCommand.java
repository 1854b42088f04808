package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.audit.Audit;
import org.dl4jsaliency.audit.AuditResult;
import org.dl4jsaliency.audit.AuditConfig;
import org.dl4jsaliency.audit.MethodSpecs;
import org.dl4jsaliency.images.ImageBatch;
import org.dl4jsaliency.images.ImageFiles;
import org.dl4jsaliency.methods.MethodRegistry;
import org.dl4jsaliency.report.AuditReport;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.OutputFolder;
import org.dl4jsaliency.report.Verdict;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        override(config, line);
        try {
            config.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path outDir = line.hasOption("out") ? Path.of(line.getOptionValue("out"))
                : Home.path().resolve("reports").resolve(config.name);
        try (OutputFolder folder = Args.outputFolder(outDir)) {
            return audit(config, line, folder, out);
        }
    }

    /** Loads the model, runs the audit and writes its reports into {@code folder}; returns the exit code. */
    private static int audit(AuditConfig config, CommandLine line, OutputFolder folder, PrintStream out)
            throws Exception {
        Path outDir = folder.path();
        String description;
        String sha;
        Model model;
        if (config.model.zoo != null) {
            int[] shape = config.model.inputShape.stream().mapToInt(Integer::intValue).toArray();
            long seed = config.model.seed == null ? 42 : config.model.seed;
            model = ZooModels.create(config.model.zoo, config.model.classes, shape, seed);
            description = "zoo " + config.model.zoo + " (random weights, seed " + seed + ", " + config.model.classes
                    + " classes, input " + config.model.inputShape + ")";
            sha = null;
        } else {
            Path file = config.resolve(config.model.file);
            model = ModelOptions.loadFile(file.toFile());
            description = file.toString();
            sha = sha256(file);
        }
        Audit audit = new Audit(config, model, description, sha);
        if (config.images != null) {
            List<Integer> s = config.model.inputShape;
            if (s == null) {
                throw new UsageException("configuration field 'model.inputShape' is needed to resize the images");
            }
            ImageBatch batch = ImageFiles.read(config.resolve(config.images), s.get(0), s.get(1), s.get(2));
            config.applyScaledDefaults(s.get(1), s.get(2));
            int keep = (int) Math.min(batch.display().size(0), config.probes.count);
            audit.withImages(batch.display().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, keep)).dup(),
                    batch.names().subList(0, keep));
        }
        out.println("audit '" + config.name + "': " + description + ", " + config.methods.size() + " method(s), checks "
                + config.checkNames());
        AuditReport report;
        try {
            report = audit.run(out, line.hasOption("warn-only"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        AuditResult.of(report).writeReports(outDir);
        folder.succeeded();
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

    private static void override(AuditConfig config, CommandLine line) {
        if (line.hasOption("model") || line.hasOption("zoo")) {
            AuditConfig.ModelSpec m = new AuditConfig.ModelSpec();
            m.file = line.hasOption("model") ? Path.of(line.getOptionValue("model")).toAbsolutePath().toString() : null;
            m.zoo = line.getOptionValue("zoo");
            m.inputShape = config.model == null ? null : config.model.inputShape;
            m.classes = config.model == null ? null : config.model.classes;
            m.seed = config.model == null ? null : config.model.seed;
            config.model = m;
        }
        if (line.hasOption("input-shape")) {
            config.model.inputShape = Arrays.stream(Args.shape("input-shape", line.getOptionValue("input-shape")))
                    .boxed().toList();
        }
        if (line.hasOption("classes")) {
            config.model.classes = Args.positiveInt("classes", line.getOptionValue("classes"));
        }
        if (line.hasOption("seed")) {
            config.model.seed = (long) Args.positiveInt("seed", line.getOptionValue("seed"));
        }
        if (line.hasOption("method")) {
            for (String spec : line.getOptionValues("method")) {
                try {
                    MethodSpecs.create(spec, Map.of());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--method " + spec + ": " + e.getMessage()
                            + (MethodRegistry.names().contains(MethodSpecs.name(spec)) ? ""
                            : "; methods are " + MethodRegistry.names()));
                }
            }
            config.methods = List.of(line.getOptionValues("method"));
        }
        if (line.hasOption("check")) {
            Map<String, AuditConfig.Thresholds> kept = new LinkedHashMap<>();
            for (String c : line.getOptionValues("check")) {
                if (!config.checks.containsKey(c)) {
                    throw new UsageException("unknown or unconfigured check '" + c + "'; this configuration has "
                            + config.checks.keySet());
                }
                kept.put(c, config.checks.get(c));
            }
            config.checks = kept;
        }
        if (line.hasOption("images")) {
            config.images = Path.of(line.getOptionValue("images")).toAbsolutePath().toString();
        }
        if (line.hasOption("range")) {
            double[] r = Args.numbers("range", line.getOptionValue("range"), 2);
            config.preprocessing = new AuditConfig.Preprocessing();
            config.preprocessing.range = List.of(r[0], r[1]);
        }
        if (line.hasOption("probes")) {
            config.probes.count = Args.positiveInt("probes", line.getOptionValue("probes"));
        }
        if (line.hasOption("probe-seed")) {
            config.seed = Args.positiveInt("probe-seed", line.getOptionValue("probe-seed"));
        }
        if (line.hasOption(PrecisionOption.NAME)) {
            config.precision = PrecisionOption.of(line).label();
        }
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

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new UsageException("model file " + file + " could not be read: " + e.getMessage());
        }
    }
}
