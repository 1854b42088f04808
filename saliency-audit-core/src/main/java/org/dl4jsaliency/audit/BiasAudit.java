package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.engine.Precision;
import org.dl4jsaliency.images.ImageBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An input-bias audit of a model in memory, from Java: the same probes, checks and reports as
 * {@code ./saliency-audit audit}, for a release gate inside the team's own build (see
 * {@link AuditAssertions}). The model is never modified.
 *
 * <pre>{@code
 * AuditResult result = BiasAudit.builder(model)
 *         .inputShape(1, 16, 16)          // [channels, height, width] the model reads
 *         .range(0, 1)                    // pixel intensities 0…1 reach the model as 0…1
 *         .methods("gradient", "nobias-rectgrad:q=90")
 *         .build()
 *         .run();
 * AuditAssertions.assertNoFailures(result);
 * }</pre>
 *
 * Without {@link Builder#check} the five checks of docs/algorithms.md §5 run with the thresholds of
 * {@link #DEFAULT_THRESHOLDS}; without {@link Builder#methods} the methods of {@link #DEFAULT_METHODS}.
 */
public final class BiasAudit {
    /** The methods audited unless {@link Builder#methods} names others. */
    public static final List<String> DEFAULT_METHODS = List.of("gradient", "gradient-x-input", "rectgrad",
            "nobias-rectgrad", "guided-backprop", "lrp-epsilon", "lrp-epsilon-plus-flat",
            "integrated-gradients:steps=16");
    /**
     * The checks run unless {@link Builder#check} names others, with their {warn, fail} thresholds: those
     * of every configuration in {@code zoo-configs/}.
     */
    public static final Map<String, double[]> DEFAULT_THRESHOLDS = defaults();

    private final AuditPlan plan;
    private final PrintStream progress;

    private BiasAudit(AuditPlan plan, PrintStream progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** What the audit runs on, resolved (for tests in this package). */
    AuditPlan plan() {
        return plan;
    }

    /** Starts an audit of {@code model} (a MultiLayerNetwork or ComputationGraph). */
    public static Builder builder(Model model) {
        if (model == null) {
            throw new IllegalArgumentException("model is null");
        }
        return new Builder(model);
    }

    /**
     * Runs every check on every method. Progress goes to the stream given to {@link Builder#progress}.
     *
     * @throws IllegalArgumentException when the input shape, preprocessing or images do not fit the model
     * @throws org.dl4jsaliency.engine.NonFiniteValueException when the model gives NaN/Inf
     */
    public AuditResult run() {
        return new AuditResult(new Audit(plan).run(progress, false));
    }

    private static Map<String, double[]> defaults() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("probe-sweep", new double[] {0.5, 0.2});
        m.put("zero-point", new double[] {0.1, 0.01});
        m.put("re-encoding", new double[] {0.1, 0.3});
        m.put("intensity-correlation", new double[] {0.3, 0.5});
        m.put("randomisation", new double[] {0.5, 0.8});
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Builder for {@link BiasAudit}; every setting is checked by {@link #build()}, naming the offending one. */
    public static final class Builder {
        private final Model model;
        private String name = "audit";
        private String description;
        private int[] inputShape;
        private double[] range;
        private double[] mean;
        private double[] std;
        private double maxPixel = 1;
        private List<String> methods = DEFAULT_METHODS;
        private final Map<String, double[]> checks = new LinkedHashMap<>();
        private long seed;
        private Integer target;
        private Precision precision = Precision.MODEL;
        private INDArray images;
        private List<String> imageNames;
        private ImageBatch batch;
        private boolean explainLabels;
        private PrintStream progress = new PrintStream(OutputStream.nullOutputStream());

        private Builder(Model model) {
            this.model = model;
        }

        /** The audit's name in reports (letters, digits, '.', '_', '-'; default "audit"). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** What the model is, for the reports (default: its class and parameter count). */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** The [channels, height, width] the model reads; needed unless the model's configuration records it. */
        public Builder inputShape(int channels, int height, int width) {
            this.inputShape = new int[] {channels, height, width};
            return this;
        }

        /** Preprocessing: pixel intensities 0…1 reach the model as lo…hi (default 0…1). */
        public Builder range(double lo, double hi) {
            this.range = new double[] {lo, hi};
            this.mean = null;
            this.std = null;
            return this;
        }

        /** Preprocessing: x_c = (pixel − mean_c) / std_c with pixels in 0…maxPixel (e.g. ImageNet's, 255). */
        public Builder meanStd(double[] mean, double[] std, double maxPixel) {
            this.mean = mean == null ? null : mean.clone();
            this.std = std == null ? null : std.clone();
            this.maxPixel = maxPixel;
            this.range = null;
            return this;
        }

        /** The methods to audit, as {@code name} or {@code name:k=v,…} (docs/algorithms.md §6). */
        public Builder methods(String... specs) {
            this.methods = specs == null ? null : List.of(specs);
            return this;
        }

        /**
         * Runs check {@code name} with these thresholds (docs/algorithms.md §5; which side passes is the
         * check's own). The first call replaces the default checks.
         */
        public Builder check(String name, double warn, double fail) {
            checks.put(name, new double[] {warn, fail});
            return this;
        }

        /** Seed of the probes and of every random choice (default 0): the same seed gives the same numbers. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The class explained on the user's images (default: the predicted one). */
        public Builder target(int target) {
            this.target = target;
            return this;
        }

        /** The floating point type the maps are computed in (default the model's own). */
        public Builder precision(Precision precision) {
            this.precision = precision;
            return this;
        }

        /**
         * The team's own images, as display intensities [N, C, H, W] in [0, 1] of the model's input size,
         * for the checks that use real images (intensity correlation).
         */
        public Builder images(INDArray display, List<String> names) {
            this.images = display;
            this.imageNames = names == null ? null : List.copyOf(names);
            this.batch = null;
            return this;
        }

        /**
         * The team's own images as read by {@link org.dl4jsaliency.images.DataVecImages} or
         * {@link org.dl4jsaliency.images.ImageFiles} (display intensities of the model's input size), with
         * their true classes when labelled.
         */
        public Builder images(ImageBatch images) {
            this.batch = images;
            this.images = null;
            this.imageNames = null;
            return this;
        }

        /**
         * Explains each of the team's images for its true class instead of the predicted one (the probes
         * keep the predicted class); needs {@link #images(ImageBatch)} with labels.
         */
        public Builder explainTrueLabels() {
            this.explainLabels = true;
            return this;
        }

        /** Where progress lines go (default nowhere). */
        public Builder progress(PrintStream progress) {
            this.progress = progress;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is missing or out of range */
        public BiasAudit build() {
            if (progress == null) {
                throw new IllegalArgumentException("progress is null; leave it unset for no progress");
            }
            if (precision == null) {
                throw new IllegalArgumentException("precision is null; Precision.MODEL keeps the model's own type");
            }
            if (images != null && (images.rank() != 4 || imageNames == null || imageNames.size() != images.size(0))) {
                throw new IllegalArgumentException("images must be [N, C, H, W] with one name per image, got "
                        + Arrays.toString(images.shape()) + " and " + (imageNames == null ? "no" : imageNames.size())
                        + " names");
            }
            String what = description != null ? description
                    : model.getClass().getSimpleName() + " (" + model.numParams() + " parameters, in memory)";
            ImageBatch given = batch != null ? batch : images == null ? null : new ImageBatch(images, imageNames);
            return new BiasAudit(AuditPlan.inMemory(config(), model, what, given), progress);
        }

        private AuditConfig config() {
            AuditConfig c = new AuditConfig();
            c.name = name;
            c.description = description;
            c.model = new AuditConfig.ModelSpec();
            c.model.inputShape = inputShape == null ? null : Arrays.stream(inputShape).boxed().toList();
            c.preprocessing.range = range == null ? null : List.of(range[0], range[1]);
            c.preprocessing.mean = mean == null ? null : Arrays.stream(mean).boxed().toList();
            c.preprocessing.std = std == null ? null : Arrays.stream(std).boxed().toList();
            c.preprocessing.maxPixel = mean == null ? null : maxPixel;
            c.seed = seed;
            c.methods = methods == null ? null : new ArrayList<>(methods);
            c.checks = new LinkedHashMap<>();
            (checks.isEmpty() ? DEFAULT_THRESHOLDS : checks).forEach((k, v) -> {
                AuditConfig.Thresholds t = new AuditConfig.Thresholds();
                t.warn = v[0];
                t.fail = v[1];
                c.checks.put(k, t);
            });
            c.target = target;
            c.explainLabels = explainLabels;
            c.precision = precision.label();
            return c;
        }
    }
}
