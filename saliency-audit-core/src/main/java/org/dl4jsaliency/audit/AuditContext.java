package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.engine.Precision;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.Occlusion;
import org.dl4jsaliency.probes.InputSpace;
import org.dl4jsaliency.probes.ModelInput;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Locale;
import java.util.Random;

/**
 * What every check of one audit shares: the plan (model, input geometry, declared preprocessing,
 * methods), the occlusion reference, the seeded probe sets and the progress stream, and what is computed
 * on an image set once for all checks: its targets, each method's maps and the occlusion reference.
 * Checks see display intensities; this class maps them to model inputs and maps attributions back to
 * [N, C, H, W].
 */
final class AuditContext {
    /** One method under audit: its report label and the method. */
    record MethodEntry(String label, AttributionMethod method) {
    }

    private final AuditConfig config;
    private final Model model;
    private final ModelInput input;
    private final InputSpace space;
    private final List<MethodEntry> methods;
    private final AttributionMethod reference;
    private final PrintStream progress;
    private final Precision precision;
    private final Explainer explainer;
    private final ProbeSets probeSets;
    private final Map<ImageSet, int[]> targets = new IdentityHashMap<>();
    private final Map<ImageSet, Map<String, INDArray>> maps = new IdentityHashMap<>();
    private final Map<ImageSet, INDArray> references = new IdentityHashMap<>();

    AuditContext(AuditPlan plan, PrintStream progress) {
        this.config = plan.config();
        this.model = plan.model();
        this.input = plan.input();
        this.space = plan.space();
        this.methods = plan.methods();
        this.progress = progress;
        this.precision = Precision.parse(config.precision);
        this.explainer = explainerOf(model);
        double fill = config.reference.fill;
        this.reference = Occlusion.builder().window(config.reference.window).stride(config.reference.stride)
                .values(channelValues(fill)).build();
        this.probeSets = new ProbeSets(config.probes, input, zeroPoint(), config.seed, plan.images());
    }

    /**
     * An explainer of {@code model} (the audited model or a variant of it) in the configured precision,
     * reading the parameters in place where that is the model's own type: the audit owns every network it
     * explains (loaded, rewritten or randomised by it) and changes none while its explainer is in use, so
     * the engine's parameter copy (0.5 GB for a VGG16, per network) is not needed. Another precision
     * explains a converted copy whatever this says.
     */
    Explainer explainerOf(Model model) {
        return Explainer.of(SaliencyEngine.builder(model).copyParameters(false).precision(precision).build());
    }

    AuditConfig config() {
        return config;
    }

    Model model() {
        return model;
    }

    ModelInput input() {
        return input;
    }

    InputSpace space() {
        return space;
    }

    List<MethodEntry> methods() {
        return methods;
    }

    ProbeSets probes() {
        return probeSets;
    }

    Explainer explainer() {
        return explainer;
    }

    /** A fresh random stream for {@code purpose}, derived from the configured seed (independent of call order). */
    Random random(String purpose) {
        return ProbeSets.random(config.seed, purpose);
    }

    /** The display intensity each channel sees as zero. */
    double[] zeroPoint() {
        double[] z = new double[input.channels()];
        for (int c = 0; c < z.length; c++) {
            z[c] = space.zeroPoint(c);
        }
        return z;
    }

    /** The model value of display intensity {@code v} per channel. */
    double[] channelValues(double v) {
        double[] out = new double[input.channels()];
        for (int c = 0; c < out.length; c++) {
            out[c] = space.toModel(v, c);
        }
        return out;
    }

    /** Model inputs for display images [N, C, H, W]. */
    INDArray toModel(INDArray display) {
        return input.fromNchw(space.toModel(display, input.dataType()));
    }

    /** The explained class of each image of {@code set} (see {@link #targets(INDArray)}), computed once. */
    int[] targets(ImageSet set) {
        return targets.computeIfAbsent(set, s -> s.explainedClasses() != null ? trueClasses(s) : targets(s.display()));
    }

    /** The true classes of a labelled set, each checked against the model's outputs. */
    private int[] trueClasses(ImageSet set) {
        long classes = explainer.engine().logits(toModel(set.display().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)))).size(1);
        int[] t = set.explainedClasses();
        for (int i = 0; i < t.length; i++) {
            if (t[i] >= classes) {
                throw new IllegalArgumentException(set.name() + ": image " + set.label(i) + " has true class " + t[i]
                        + " but the model has " + classes + " classes");
            }
        }
        return t.clone();
    }

    /** {@code m}'s maps [N, C, H, W] on the images of {@code set}, computed once. */
    INDArray maps(ImageSet set, MethodEntry m) {
        Map<String, INDArray> bySet = maps.computeIfAbsent(set, s -> new LinkedHashMap<>());
        INDArray a = bySet.get(m.label());
        if (a == null) {
            long t0 = System.nanoTime();
            a = attribute(explainer, m.method(), set.display(), targets(set));
            bySet.put(m.label(), a);
            progress(set.name(), m.label() + " on " + set.size() + " image(s)", t0);
        }
        return a;
    }

    /** The occlusion reference maps [N, C, H, W] on the images of {@code set}, computed once. */
    INDArray reference(ImageSet set) {
        INDArray r = references.get(set);
        if (r == null) {
            long t0 = System.nanoTime();
            r = attribute(explainer, reference, set.display(), targets(set));
            references.put(set, r);
            progress(set.name(), "occlusion reference on " + set.size() + " image(s)", t0);
        }
        return r;
    }

    /** The explained class per example: the configured target, else the original model's prediction. */
    int[] targets(INDArray display) {
        int n = (int) display.size(0);
        int[] t = new int[n];
        if (config.target != null) {
            java.util.Arrays.fill(t, config.target);
            return t;
        }
        INDArray logits = explainer.engine().logits(toModel(display));
        for (int i = 0; i < n; i++) {
            t[i] = logits.getRow(i).argMax().getInt(0);
        }
        return t;
    }

    /** {@code method}'s maps [N, C, H, W] for display images on {@code on} (the model or a variant of it). */
    INDArray attribute(Explainer on, AttributionMethod method, INDArray display, int[] targets) {
        return attributeModelInput(on, method, toModel(display), targets);
    }

    /** Like {@link #attribute}, for model inputs already encoded (re-encoded probes). */
    INDArray attributeModelInput(Explainer on, AttributionMethod method, INDArray modelInput, int[] targets) {
        long n = modelInput.size(0);
        long passes = n * method.passesPerExample(input.height(), input.width());
        String what = method.name() + " on " + n + " image(s)";
        try (ProgressTicker ticker = ProgressTicker.start(progress, what, on.engine(), passes)) {
            return input.toNchw(on.explain(modelInput, Targets.perExample(targets), method).map());
        }
    }

    /** {@code mapOf} for every method under audit, by label in column order (one figure row's maps). */
    Map<String, double[][]> methodMaps(Function<MethodEntry, double[][]> mapOf) {
        Map<String, double[][]> maps = new LinkedHashMap<>();
        for (MethodEntry m : methods) {
            maps.put(m.label(), mapOf.apply(m));
        }
        return maps;
    }

    /** Logs one line of progress. */
    void progress(String check, String what, long startNanos) {
        progress.printf(Locale.ROOT, "  [%s] %s (%.1f s)%n", check, what, (System.nanoTime() - startNanos) / 1e9);
        progress.flush();
    }
}
