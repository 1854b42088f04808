package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.engine.NonFiniteValueException;
import org.dl4jsaliency.engine.Precision;
import org.dl4jsaliency.methods.MethodRegistry;
import org.dl4jsaliency.probes.InputSpace;
import org.dl4jsaliency.probes.ModelInput;
import org.dl4jsaliency.report.AuditReport;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Plot;
import org.dl4jsaliency.report.ProbeFigure;
import org.dl4jsaliency.report.RunInfo;
import org.dl4jsaliency.report.Threshold;
import org.dl4jsaliency.report.Verdict;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Runs an audit: every configured check for every configured method on one model, with progress on
 * {@code progress}, returning the report (numbers, verdicts, plots, figures). The model is only read:
 * the checks that change a network (re-encoding, randomisation) work on deep copies.
 */
public final class Audit {
    private final AuditConfig config;
    private final Model model;
    private final String modelDescription;
    private final String modelSha256;
    private INDArray images;
    private List<String> imageNames;

    /**
     * @param config           a validated configuration
     * @param model            the model to audit (never modified)
     * @param modelDescription what the model is (file path or zoo recipe), for the report
     * @param modelSha256      the SHA-256 of the model file, or null for a zoo model
     */
    public Audit(AuditConfig config, Model model, String modelDescription, String modelSha256) {
        config.validateAnalysis();
        this.config = config;
        this.model = model;
        this.modelDescription = modelDescription;
        this.modelSha256 = modelSha256;
    }

    /** Adds the user's images (display intensities [N, C, H, W] in [0, 1], resized to the model's input). */
    public Audit withImages(INDArray display, List<String> names) {
        this.images = display;
        this.imageNames = names;
        return this;
    }

    /** The declared preprocessing of {@code config}: a range, or mean/std; [0, 1] when none is declared. */
    public static InputSpace inputSpace(AuditConfig config) {
        AuditConfig.Preprocessing p = config.preprocessing;
        if (p.mean != null) {
            return InputSpace.meanStd(p.mean.stream().mapToDouble(Double::doubleValue).toArray(),
                    p.std.stream().mapToDouble(Double::doubleValue).toArray(), p.maxPixel == null ? 1 : p.maxPixel);
        }
        if (p.range != null) {
            return InputSpace.range(p.range.get(0), p.range.get(1));
        }
        return InputSpace.range(0, 1);
    }

    /** Runs every configured check; {@code warnOnly} is recorded in the report (the caller decides the exit). */
    public AuditReport run(PrintStream progress, boolean warnOnly) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        InputSpace space = inputSpace(config);
        int[] shape = config.model.inputShape == null ? null
                : config.model.inputShape.stream().mapToInt(Integer::intValue).toArray();
        ModelInput input = ModelInput.of(model, shape);
        if (space.channels() != 1 && space.channels() != input.channels()) {
            throw new IllegalArgumentException("preprocessing declares " + space.channels() + " channels but the model "
                    + "input has " + input.channels());
        }
        if (images != null && (images.size(1) != input.channels() || images.size(2) != input.height()
                || images.size(3) != input.width())) {
            throw new IllegalArgumentException("images are " + java.util.Arrays.toString(images.shape())
                    + " but the model input is " + input.shape());
        }
        config.applyScaledDefaults(input.height(), input.width());
        progress.printf(Locale.ROOT, "probes: %d×%d input, square %d px, %d position(s) × %d level(s), occlusion "
                        + "window %d px stride %d, randomisation %s%n", input.height(), input.width(), config.probes.size,
                config.probes.count, config.probes.levels.size(), config.reference.window, config.reference.stride,
                config.probes.randomisationSteps == 0 ? "at every layer" : config.probes.randomisationSteps + " step(s)");
        List<AuditContext.MethodEntry> methods = methods(space);
        AuditContext ctx = new AuditContext(config, model, input, space, methods, images, imageNames, progress);
        checkInputFits(ctx);

        List<CheckResult> results = new ArrayList<>();
        List<Plot> plots = new ArrayList<>();
        List<ProbeFigure> figures = new ArrayList<>();
        List<String> checkNames = new ArrayList<>();
        for (String name : Checks.NAMES) {
            if (!config.checks.containsKey(name)) {
                continue;
            }
            Check check = Checks.create(name);
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
                config.asMap(), modelDescription, modelSha256, space.description(), input.shape(),
                Precision.labelOf(ctx.explainer().engine().dataType()), Precision.labelOf(input.dataType()),
                config.seed, versions(), start.truncatedTo(ChronoUnit.SECONDS).toString(), seconds);
        List<String> labels = methods.stream().map(AuditContext.MethodEntry::label).toList();
        return new AuditReport(run, labels, checkNames, results, plots, figures, AuditReport.overall(results),
                warnOnly);
    }

    private List<AuditContext.MethodEntry> methods(InputSpace space) {
        List<AuditContext.MethodEntry> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (String spec : config.methods) {
            String label = spec.trim();
            if (!labels.add(label)) {
                throw new IllegalArgumentException("configuration " + where() + ": field 'methods' lists '" + label
                        + "' twice");
            }
            Map<String, String> defaults = new LinkedHashMap<>();
            String name = MethodSpecs.name(spec);
            Map<String, String> given = MethodSpecs.params(spec);
            boolean zBox = name.equals("lrp-epsilon-gamma-box") || "zb".equals(given.get("first"));
            if (zBox) {
                // zB's pixel bounds follow from the declared preprocessing unless the spec sets them
                double[] box = space.enclosingBox();
                defaults.put("low", Double.toString(box[0]));
                defaults.put("high", Double.toString(box[1]));
            }
            try {
                out.add(new AuditContext.MethodEntry(label, MethodSpecs.create(spec, defaults)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("configuration " + where() + ": field 'methods': " + e.getMessage()
                        + (MethodRegistry.names().contains(name) ? "" : "; methods are " + MethodRegistry.names()));
            }
        }
        return out;
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

    private String where() {
        return config.source() == null ? "(built in)" : config.source().toString();
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
