package org.dl4jsaliency.methods;

import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Set;
import java.util.SplittableRandom;

/**
 * SmoothGrad (Smilkov et al. 2017) and its relatives over any base method: the base map is computed
 * at n noisy copies x + N(0, σ²) of each example, σ = noise · (max − min) of that example, and
 * aggregated as the mean (SmoothGrad), the mean of squares (SmoothGrad²) or the population variance
 * (VarGrad, Adebayo et al. 2018). Averaging removes the high-frequency gradient noise that makes raw
 * gradients hard to read; it does not remove a bias of the base method, which is why the base is a
 * parameter (SmoothGrad over NoBias-RectGrad versus over RectGrad is one of the audit's comparisons).
 *
 * <p>The targets are resolved once on the clean input and passed to every noisy copy, and the reported
 * scores and logits are those of the clean input. Noise comes from a {@link SplittableRandom} seeded
 * with {@code seed} and is drawn example by example, sample by sample, so the same seed gives the same
 * map whatever the chunk size. Samples are evaluated {@code chunk} noisy copies per call of the base
 * method and folded into running statistics (Welford's update), so memory does not grow with n and
 * zero noise reproduces the base map exactly.
 *
 * <pre>{@code
 * SmoothGrad sg = SmoothGrad.builder().base(RectifiedGradient.noBias()).samples(50).noise(0.15).build();
 * SmoothGrad var = SmoothGrad.builder().aggregate(SmoothGrad.Aggregate.VARIANCE).build();  // VarGrad of the gradient
 * }</pre>
 *
 * <p>Registry parameters: {@code base=<canonical name>} chooses the base method (default
 * {@code gradient}) and {@code base.<parameter>=<value>} passes parameters to it, e.g.
 * {@code base=rectgrad base.q=90}; {@code noise} (default 0.1), {@code samples} (default 50),
 * {@code seed} (an int, default 0), {@code chunk} (default: the engine's chunk size).
 */
public final class SmoothGrad implements AttributionMethod {
    /** Default noise level, as a fraction of each example's value range. */
    public static final double DEFAULT_NOISE = 0.1;
    /** Default number of noisy samples n. */
    public static final int DEFAULT_SAMPLES = 50;

    private static final Set<String> PARAMETERS = Set.of("base", "base.*", "noise", "samples", "seed", "chunk");

    /** How the n base maps are combined, one canonical method name each. */
    public enum Aggregate {
        /** SmoothGrad: the mean. */
        MEAN("smoothgrad"),
        /** SmoothGrad²: the mean of the squared maps. */
        MEAN_OF_SQUARES("smoothgrad-squared"),
        /** VarGrad: the population variance (1/n), so VarGrad = SmoothGrad² − SmoothGrad². */
        VARIANCE("vargrad");

        private final String methodName;

        Aggregate(String methodName) {
            this.methodName = methodName;
        }

        /** The canonical name of SmoothGrad with this aggregate. */
        public String methodName() {
            return methodName;
        }

        /**
         * Builds it from parameters {@code base} (a method name, gradient by default) with
         * {@code base.*} for the base method's own parameters, {@code noise}, {@code samples},
         * {@code seed} and {@code chunk}.
         */
        public MethodFactory factory() {
            return new MethodFactory(methodName, PARAMETERS, p -> fromParams(p, this));
        }
    }

    private final Aggregate aggregate;
    private final AttributionMethod base;
    private final double noise;
    private final int samples;
    private final long seed;
    private final Integer chunk;

    private SmoothGrad(Builder b) {
        this.aggregate = b.aggregate;
        this.base = b.base;
        this.noise = b.noise;
        this.samples = b.samples;
        this.seed = b.seed;
        this.chunk = b.chunk;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static SmoothGrad fromParams(MethodParams p, Aggregate aggregate) {
        Builder b = builder().aggregate(aggregate).base(p.method("base", Gradient.NAME))
                .noise(p.number("noise", DEFAULT_NOISE, 0))
                .samples(p.integer("samples", DEFAULT_SAMPLES, 1))
                .seed(p.integer("seed", 0, Integer.MIN_VALUE));
        if (p.has("chunk")) {
            b.chunk(p.integer("chunk", 0, 1));
        }
        return b.build();
    }

    /** The forward pass at x, then the base method once per sample. */
    @Override
    public long passesPerExample(long height, long width) {
        return 1 + samples * base.passesPerExample(height, width);
    }

    @Override
    public String name() {
        return aggregate.methodName;
    }

    /**
     * As the base method: each sample's map is multiplied by its noisy input, so the bias is blurred by
     * the noise rather than removed (a zero-point pixel's relevance is small, not exactly 0).
     */
    @Override
    public boolean multipliesInput() {
        return base.multipliesInput();
    }

    /** The base method whose maps are aggregated. */
    public AttributionMethod base() {
        return base;
    }

    @Override
    public Attribution attribute(SaliencyEngine engine, INDArray x, Targets targets, ExplainedOutput output) {
        INDArray input = x.castTo(engine.dataType());
        ForwardPass clean = ForwardPass.run(engine, input, targets, output);
        int[] t = clean.targets();
        long n = input.size(0);
        INDArray flat = input.reshape(n, -1);
        int perExample = (int) flat.size(1);
        double[] sigma = new double[(int) n];
        for (int i = 0; i < n; i++) {
            INDArray r = flat.getRow(i);
            sigma[i] = noise * (r.maxNumber().doubleValue() - r.minNumber().doubleValue());
        }
        long[] one = input.shape().clone();
        one[0] = 1;

        SplittableRandom random = new SplittableRandom(seed);
        Statistics stats = new Statistics(aggregate, n);
        ExpandedBatch.run(input, t, samples, chunk != null ? chunk : engine.chunkSize(),
                (batch, j, example, sample) -> {
                    double[] eps = new double[perExample];
                    for (int k = 0; k < perExample; k++) {
                        eps[k] = sigma[(int) example] * random.nextGaussian();
                    }
                    INDArray noisy = Nd4j.createFromArray(eps).castTo(input.dataType()).reshape(one);
                    row(batch, j).assign(noisy.addi(row(input, example)));
                },
                (batch, rowTargets) -> base.attribute(engine, batch, rowTargets, output).map(),
                (maps, j, example, sample) -> stats.add(example, row(maps, j)));
        return new Attribution(name(), stats.result(), clean.scores(), t, clean.logits());
    }

    private static INDArray row(INDArray a, long i) {
        return a.get(NDArrayIndex.interval(i, i + 1));
    }

    @Override
    public String toString() {
        return name() + "(base=" + base + ", noise=" + noise + ", samples=" + samples + ", seed=" + seed + ")";
    }

    /** Running per-example statistics of the maps, by Welford's update. */
    private static final class Statistics {
        private final Aggregate aggregate;
        private final int[] count;
        private INDArray mean;
        private INDArray second;

        Statistics(Aggregate aggregate, long n) {
            this.aggregate = aggregate;
            this.count = new int[(int) n];
        }

        void add(long example, INDArray map) {
            if (mean == null) {
                long[] shape = map.shape().clone();
                shape[0] = count.length;
                mean = Nd4j.zeros(map.dataType(), shape);
                second = aggregate == Aggregate.MEAN ? null : Nd4j.zeros(map.dataType(), shape);
            }
            int k = ++count[(int) example];
            INDArray m = row(mean, example);
            switch (aggregate) {
                case MEAN -> m.addi(map.sub(m).divi(k));
                case MEAN_OF_SQUARES -> {
                    INDArray s = row(second, example);
                    s.addi(map.mul(map).subi(s).divi(k));
                }
                case VARIANCE -> {
                    INDArray delta = map.sub(m);
                    m.addi(delta.div(k));
                    row(second, example).addi(delta.muli(map.sub(m)));
                }
            }
        }

        INDArray result() {
            return switch (aggregate) {
                case MEAN -> mean;
                case MEAN_OF_SQUARES -> second;
                case VARIANCE -> second.divi(count[0]);
            };
        }
    }

    /** Builder for {@link SmoothGrad}. */
    public static final class Builder {
        private Aggregate aggregate = Aggregate.MEAN;
        private AttributionMethod base = new Gradient();
        private double noise = DEFAULT_NOISE;
        private int samples = DEFAULT_SAMPLES;
        private long seed;
        private Integer chunk;

        private Builder() {
        }

        /** Mean (SmoothGrad, default), mean of squares (SmoothGrad²) or variance (VarGrad). */
        public Builder aggregate(Aggregate aggregate) {
            if (aggregate == null) {
                throw new IllegalArgumentException("aggregate is null");
            }
            this.aggregate = aggregate;
            return this;
        }

        /** The method computed at each noisy copy (default the plain gradient). */
        public Builder base(AttributionMethod base) {
            if (base == null) {
                throw new IllegalArgumentException("base is null");
            }
            this.base = base;
            return this;
        }

        /** σ as a fraction of each example's range max − min (default 0.1); 0 gives the base map. */
        public Builder noise(double noise) {
            if (!(noise >= 0) || !Double.isFinite(noise)) {
                throw new IllegalArgumentException("noise must be a finite number ≥ 0, got " + noise);
            }
            this.noise = noise;
            return this;
        }

        /** Number of noisy copies n per example (default 50). */
        public Builder samples(int samples) {
            this.samples = Checks.atLeastOne("samples", samples);
            return this;
        }

        /** Seed of the noise (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Noisy copies per call of the base method (default: the engine's chunk size). */
        public Builder chunk(int chunk) {
            this.chunk = Checks.atLeastOne("chunk", chunk);
            return this;
        }

        public SmoothGrad build() {
            return new SmoothGrad(this);
        }
    }
}
