package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.spi.RuleAssignment;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Integrated Gradients (Sundararajan et al. 2017): (x − x′) ⊙ (1/m) Σ_k ∇T(x′ + α_k(x − x′)) with
 * midpoint steps α_k = (k − ½)/m. Unlike a single gradient it satisfies completeness, Σ IG = T(x) − T(x′)
 * in the limit m → ∞, and the remaining error is reported per example as
 * {@link #COMPLETENESS_DELTA} so that callers can tell whether m was large enough.
 *
 * <p>The baseline x′ decides what "absence" means, and with it the input bias of the seed paper
 * (Brocki and Chung, arXiv 2011.05002): IG is exactly zero wherever x = x′, so a zero baseline is blind
 * at the input's zero point just like x ⊙ gradient. A blurred baseline removes that blind spot for
 * flat regions; {@code multiplyInput(false)} drops the (x − x′) factor and returns the averaged path
 * gradient instead.
 *
 * <p>The targets are resolved once at x (the predicted class at x, not at each point of the path)
 * and passed to every step. Interpolated inputs are evaluated {@code chunk} at a time and summed as
 * they come, so memory does not grow with the number of steps; the summation order is fixed, so the
 * chunk size does not change the result.
 *
 * <pre>{@code
 * IntegratedGradients ig = IntegratedGradients.builder().steps(100).baseline(Baseline.blur(5)).build();
 * Attribution a = explainer.explain(images, Targets.predicted(), ig);
 * INDArray delta = a.extras().get(IntegratedGradients.COMPLETENESS_DELTA);
 * }</pre>
 *
 * <p>Registry parameters: {@code steps} (default 50), {@code baseline} = {@code zero} (default) |
 * {@code black} | {@code constant} | {@code blur}, with {@code black=<v>} or {@code black=<v1,v2,…>}
 * (the preprocessed value of black, one for all channels or one per channel; default 0),
 * {@code value=<v>} (required for {@code constant}) and {@code sigma=<pixels>} (for {@code blur},
 * default 5); {@code chunk} (default: the engine's chunk size); {@code multiply-input} (default true);
 * {@code layout} = {@code nchw} | {@code nhwc}, the layout of rank-4 inputs for blur and per-channel
 * baselines (default: that of the model's first convolution or pooling layer, NCHW if none). A given
 * baseline array is API-only ({@link Builder#baseline(INDArray)}). {@link Attribution#extras()} holds
 * {@link #COMPLETENESS_DELTA}, {@link #BASELINE} and {@link #BASELINE_SCORES}.
 */
public final class IntegratedGradients implements AttributionMethod {
    /** Extras key: Σ IG − (T(x) − T(x′)) per example, shape [N] (always of the full IG, input multiplied). */
    public static final String COMPLETENESS_DELTA = "completeness-delta";
    /** Extras key: the baseline x′, shaped like the input. */
    public static final String BASELINE = "baseline";
    /** Extras key: T(x′) per example, shape [N]. */
    public static final String BASELINE_SCORES = "baseline-scores";
    /** Default number of steps m. */
    public static final int DEFAULT_STEPS = 50;
    /** Default blur σ in pixels for {@code baseline=blur}. */
    public static final double DEFAULT_SIGMA = 5;

    static final Set<String> PARAMETERS = Set.of("steps", "baseline", "black", "value", "sigma", Images.LAYOUT,
            "chunk", "multiply-input");
    /** Integrated Gradients' canonical name. */
    public static final String NAME = "integrated-gradients";
    /** {@code integrated-gradients}: parameters {@code steps}, {@code baseline}, {@code black}, {@code value}, {@code sigma}, {@code layout}, {@code chunk}, {@code multiply-input}. */
    public static final MethodFactory FACTORY = new MethodFactory(NAME, PARAMETERS, IntegratedGradients::fromParams);

    private final int steps;
    private final Baseline baseline;
    private final Integer chunk;
    private final boolean multiplyInput;
    private final CNN2DFormat layout;

    private IntegratedGradients(Builder b) {
        this.steps = b.steps;
        this.baseline = b.baseline;
        this.chunk = b.chunk;
        this.multiplyInput = b.multiplyInput;
        this.layout = b.layout;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static IntegratedGradients fromParams(MethodParams p) {
        Builder b = builder().steps(p.integer("steps", DEFAULT_STEPS, 1))
                .multiplyInput(p.bool("multiply-input", true))
                .layout(Images.layoutParam(p));
        if (p.has("chunk")) {
            b.chunk(p.integer("chunk", 0, 1));
        }
        String kind = p.choice("baseline", "zero", "zero", "black", "constant", "blur");
        p.rejectUnless(kind.equals("black"), "black", "is only used with baseline=black");
        p.rejectUnless(kind.equals("constant"), "value", "is only used with baseline=constant");
        p.rejectUnless(kind.equals("blur"), "sigma", "is only used with baseline=blur");
        switch (kind) {
            case "black" -> b.baseline(p.has("black") ? Baseline.black(p.numbers("black")) : Baseline.black(0));
            case "constant" -> {
                if (!p.has("value")) {
                    throw new IllegalArgumentException("Method '" + p.method()
                            + "': baseline=constant needs parameter value=<number>");
                }
                b.baseline(Baseline.constant(p.number("value")));
            }
            case "blur" -> {
                double sigma = p.number("sigma", DEFAULT_SIGMA, 0);
                if (sigma == 0) {
                    throw new IllegalArgumentException("Method '" + p.method() + "': parameter sigma=0 makes the "
                            + "baseline the input itself; it must be positive");
                }
                b.baseline(Baseline.blur(sigma));
            }
            default -> b.baseline(Baseline.zero());
        }
        return b.build();
    }

    /** The forward passes at x and at the baseline, and one pass per step. */
    @Override
    public long passesPerExample(long height, long width) {
        return steps + 2L;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** By x − x′: zero where the input equals the baseline (with the zero baseline, at the zero point). */
    @Override
    public boolean multipliesInput() {
        return multiplyInput;
    }

    @Override
    public boolean hasCompletenessDelta() {
        return true;
    }

    @Override
    public Attribution attribute(SaliencyEngine engine, INDArray x, Targets targets, ExplainedOutput output) {
        INDArray input = x.castTo(engine.dataType());
        ForwardPass atX = ForwardPass.run(engine, input, targets, output);
        int[] t = atX.targets();
        INDArray start = baseline.of(input, Images.inputLayout(engine, layout)).castTo(engine.dataType());
        if (!Arrays.equals(start.shape(), input.shape())) {
            throw new IllegalArgumentException("The baseline has shape " + Arrays.toString(start.shape())
                    + ", the input " + Arrays.toString(input.shape()));
        }
        ForwardPass atBaseline = ForwardPass.run(engine, start, Targets.perExample(t), output);

        INDArray diff = input.sub(start);
        INDArray sum = Nd4j.zeros(input.dataType(), input.shape());
        long n = input.size(0);
        ExpandedBatch.run(input, t, steps, chunk != null ? chunk : engine.chunkSize(),
                (batch, j, example, step) -> row(batch, j)
                        .assign(row(diff, example).mul((step + 0.5) / steps).addi(row(start, example))),
                (batch, rowTargets) -> engine.backward(batch, rowTargets, output, RuleAssignment.gradient()).signal(),
                (grad, j, example, step) -> row(sum, example).addi(row(grad, j)));
        INDArray meanGradient = sum.divi(steps);
        INDArray full = diff.mul(meanGradient);
        INDArray delta = full.reshape(n, -1).sum(1).subi(atX.scores().sub(atBaseline.scores()));
        INDArray map = multiplyInput ? full : meanGradient;
        return new Attribution(name(), map, atX.scores(), t, atX.logits(),
                Map.of(COMPLETENESS_DELTA, delta, BASELINE, start, BASELINE_SCORES, atBaseline.scores()));
    }

    /** Example {@code i} of a batch, keeping the batch dimension (a view). */
    private static INDArray row(INDArray a, long i) {
        return a.get(NDArrayIndex.interval(i, i + 1));
    }

    @Override
    public String toString() {
        return name() + "(steps=" + steps + ", baseline=" + baseline + (multiplyInput ? "" : ", multiply-input=false")
                + ")";
    }

    /**
     * The reference input x′ of the path, computed per batch so that it can depend on the input
     * (a blurred copy) and on its layout (one value per channel).
     */
    @FunctionalInterface
    public interface Baseline {

        /**
         * The baseline for batch {@code x}, shaped like {@code x}.
         *
         * @param layout the layout of rank-4 inputs (irrelevant for rank 2)
         */
        INDArray of(INDArray x, CNN2DFormat layout);

        /** All zeros: the origin of the input space (black only for inputs in [0, 1]). */
        static Baseline zero() {
            return named("zero", (x, layout) -> Nd4j.zeros(x.dataType(), x.shape()));
        }

        /** Every input value {@code v}. */
        static Baseline constant(double v) {
            return named("constant " + v, (x, layout) -> Nd4j.zeros(x.dataType(), x.shape()).addi(v));
        }

        /**
         * Black in pixel space: the preprocessed value of a black pixel, one value for all channels or
         * one per channel (for per-channel mean/std normalisation black is −mean_c/std_c).
         */
        static Baseline black(double... perChannel) {
            if (perChannel == null || perChannel.length == 0) {
                throw new IllegalArgumentException("black: give one value, or one per channel");
            }
            double[] values = perChannel.clone();
            return named("black " + Arrays.toString(values), (x, layout) -> {
                INDArray out = Nd4j.zeros(x.dataType(), x.shape());
                if (values.length == 1) {
                    return out.addi(values[0]);
                }
                INDArray view = Images.nchwView(out, layout);
                if (x.rank() != 4 || view.size(1) != values.length) {
                    throw new IllegalArgumentException("black: " + values.length + " per-channel values for an input of "
                            + "shape " + Arrays.toString(x.shape()) + " (" + layout + ")");
                }
                for (int c = 0; c < values.length; c++) {
                    view.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all())
                            .assign(values[c]);
                }
                return out;
            });
        }

        /**
         * A Gaussian-blurred copy of the input over height and width, σ in pixels, truncated at 3σ and
         * renormalised at the border. Keeps the image's colours and coarse layout but removes the detail
         * that attributions are usually about; needs image input.
         */
        static Baseline blur(double sigma) {
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("sigma must be a positive number, got " + sigma);
            }
            return named("blur sigma=" + sigma, (x, layout) -> {
                if (x.rank() != 4) {
                    throw new IllegalArgumentException("A blur baseline needs image input (rank 4); got shape "
                            + Arrays.toString(x.shape()));
                }
                INDArray nchw = Images.nchwView(x, layout);
                INDArray blurred = Images.transformPlanes(nchw, Images.gaussian(nchw.size(2), sigma, x.dataType()),
                        Images.gaussian(nchw.size(3), sigma, x.dataType()));
                return layout == CNN2DFormat.NHWC ? blurred.permute(0, 2, 3, 1).dup('c') : blurred;
            });
        }

        /**
         * A given array: shaped like the input, or like one example ([1, ...]) to use for every example.
         */
        static Baseline of(INDArray baseline) {
            if (baseline == null) {
                throw new IllegalArgumentException("baseline array is null");
            }
            INDArray b = baseline.dup();
            return named("array " + Arrays.toString(b.shape()), (x, layout) -> {
                long[] one = x.shape().clone();
                one[0] = 1;
                if (Arrays.equals(b.shape(), x.shape())) {
                    return b.castTo(x.dataType());
                }
                if (!Arrays.equals(b.shape(), one)) {
                    throw new IllegalArgumentException("The baseline array has shape " + Arrays.toString(b.shape())
                            + "; expected the input's shape " + Arrays.toString(x.shape()) + " or " + Arrays.toString(one));
                }
                return b.castTo(x.dataType()).repeat(0, x.size(0));
            });
        }

        private static Baseline named(String description, Baseline b) {
            return new Baseline() {
                @Override
                public INDArray of(INDArray x, CNN2DFormat layout) {
                    return b.of(x, layout);
                }

                @Override
                public String toString() {
                    return description;
                }
            };
        }
    }

    /** Builder for {@link IntegratedGradients}. */
    public static final class Builder {
        private int steps = DEFAULT_STEPS;
        private Baseline baseline = Baseline.zero();
        private Integer chunk;
        private boolean multiplyInput = true;
        private CNN2DFormat layout;

        private Builder() {
        }

        /** Number of steps m of the midpoint rule (default 50). */
        public Builder steps(int steps) {
            this.steps = Checks.atLeastOne("steps", steps);
            return this;
        }

        /** The baseline x′ (default {@link Baseline#zero()}). */
        public Builder baseline(Baseline baseline) {
            if (baseline == null) {
                throw new IllegalArgumentException("baseline is null");
            }
            this.baseline = baseline;
            return this;
        }

        /** A given baseline array, shaped like the input or like one example. */
        public Builder baseline(INDArray baseline) {
            return baseline(Baseline.of(baseline));
        }

        /** Interpolated inputs per backward call (default: the engine's chunk size). */
        public Builder chunk(int chunk) {
            this.chunk = Checks.atLeastOne("chunk", chunk);
            return this;
        }

        /** Multiply by (x − x′) (default true); false gives the averaged path gradient. */
        public Builder multiplyInput(boolean on) {
            this.multiplyInput = on;
            return this;
        }

        /**
         * Layout of rank-4 inputs, for blur and per-channel baselines (default null: the layout of the
         * model's first convolution or pooling layer, NCHW if it has none).
         */
        public Builder layout(CNN2DFormat layout) {
            this.layout = layout;
            return this;
        }

        public IntegratedGradients build() {
            return new IntegratedGradients(this);
        }
    }
}
