package org.dl4jsaliency.audit;

import org.dl4jsaliency.engine.NonFiniteValueException;
import org.dl4jsaliency.engine.Precision;
import org.dl4jsaliency.probes.ModelInput;
import org.dl4jsaliency.report.AuditReport;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Plot;
import org.dl4jsaliency.report.ProbeFigure;
import org.dl4jsaliency.report.RunInfo;
import org.dl4jsaliency.report.Threshold;
import org.dl4jsaliency.report.Verdict;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Runs an audit: every configured check for every configured method on one model, with progress on
 * {@code progress}, returning the report (numbers, verdicts, plots, figures). The model is only read:
 * the checks that change a network (re-encoding, randomisation) work on deep copies.
 */
public final class Audit {
    private final AuditPlan plan;

    /** An audit of a resolved plan ({@link AuditPlan#resolve}). */
    public Audit(AuditPlan plan) {
        this.plan = plan;
    }

    /** Runs every configured check; {@code warnOnly} is recorded in the report (the caller decides the exit). */
    public AuditReport run(PrintStream progress, boolean warnOnly) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        AuditConfig config = plan.config();
        ModelInput input = plan.input();
        progress.printf(Locale.ROOT, "probes: %d×%d input, square %d px, %d position(s) × %d level(s), occlusion "
                        + "window %d px stride %d, randomisation %s%n", input.height(), input.width(), config.probes.size,
                config.probes.count, config.probes.levels.size(), config.reference.window, config.reference.stride,
                config.probes.randomisationSteps == 0 ? "at every layer" : config.probes.randomisationSteps + " step(s)");
        List<AuditContext.MethodEntry> methods = plan.methods();
        AuditContext ctx = new AuditContext(plan, progress);
        checkInputFits(ctx);

        List<CheckResult> results = new ArrayList<>();
        List<Plot> plots = new ArrayList<>();
        List<ProbeFigure> figures = new ArrayList<>();
        List<String> checkNames = new ArrayList<>();
        for (String name : Checks.NAMES) {
            if (!config.checks.containsKey(name)) {
                continue;
            }
            Check check = Checks.entry(name).factory().get();
            Threshold threshold = config.threshold(name);
            long c0 = System.nanoTime();
            progress.println("check " + name + " (" + methods.size() + " method(s))");
            Check.Outcome outcome = check.run(ctx, threshold);
            for (CheckResult r : outcome.results()) {
                progress.printf(Locale.ROOT, "  %-28s %-10s %s%n", r.method(), r.verdict(),
                        r.value() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", r.value()));
            }
            if (!outcome.results().isEmpty()
                    && outcome.results().stream().allMatch(r -> r.verdict() == Verdict.NOT_APPLICABLE)) {
                progress.println("  " + name + " measured nothing: not applicable to any method ("
                        + outcome.results().get(0).detail() + ")");
            }
            ctx.progress(name, "done", c0);
            checkNames.add(name);
            results.addAll(outcome.results());
            plots.addAll(outcome.plots());
            figures.addAll(outcome.figures());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        RunInfo run = new RunInfo(config.name, config.source() == null ? "(built in)" : config.source().toString(),
                config.asMap(), plan.modelDescription(), plan.modelSha256(), plan.space().description(), input.shape(),
                Precision.labelOf(ctx.explainer().engine().dataType()), Precision.labelOf(input.dataType()),
                config.seed, versions(), start.truncatedTo(ChronoUnit.SECONDS).toString(), seconds);
        List<String> labels = methods.stream().map(AuditContext.MethodEntry::label).toList();
        return new AuditReport(run, labels, checkNames, results, plots, figures, AuditReport.overall(results),
                warnOnly);
    }

    /** One forward pass on a probe, so that a wrong input shape fails with a clear message before any check. */
    private void checkInputFits(AuditContext ctx) {
        var in = ctx.input();
        try {
            ctx.explainer().engine().logits(ctx.toModel(Nd4j.zeros(1, in.channels(), in.height(), in.width())));
        } catch (NonFiniteValueException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("input shape " + in.shape() + " does not fit the model: "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("dl4j-saliency", ToolVersion.get());
        v.put("deeplearning4j", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
        v.put("nd4j-backend", Nd4j.getBackend().getClass().getSimpleName());
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return v;
    }

    /** The version of a Maven artifact on the class path, from its {@code pom.properties}. */
    public static String mavenVersion(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Audit.class.getResourceAsStream(path)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return orUnknown(p.getProperty("version"));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }
}
