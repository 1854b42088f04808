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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Locale;
import java.util.Random;

/**
 * What every check of one audit shares: the model and its input geometry, the declared preprocessing,
 * the methods under audit, the occlusion reference, the seed and the progress stream. Checks see
 * display intensities; this class maps them to model inputs and maps attributions back to [N, C, H, W].
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

    AuditContext(AuditConfig config, Model model, ModelInput input, InputSpace space, List<MethodEntry> methods,
                 INDArray realImages, List<String> realImageNames, PrintStream progress) {
        this.config = config;
        this.model = model;
        this.input = input;
        this.space = space;
        this.methods = methods;
        this.progress = progress;
        this.precision = Precision.parse(config.precision);
        this.explainer = explainerOf(model);
        double fill = config.reference.fill;
        this.reference = Occlusion.builder().window(config.reference.window).stride(config.reference.stride)
                .values(channelValues(fill)).build();
        this.probeSets = new ProbeSets(this, realImages, realImageNames);
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
        return new Random(config.seed * 1_000_003L + purpose.hashCode());
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

    /** The occlusion reference maps [N, C, H, W]. */
    INDArray reference(INDArray display, int[] targets) {
        return attribute(explainer, reference, display, targets);
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

    static INDArray stack(List<INDArray> images) {
        return Nd4j.stack(0, images.toArray(new INDArray[0]));
    }
}
