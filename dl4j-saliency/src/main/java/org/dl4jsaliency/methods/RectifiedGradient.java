package org.dl4jsaliency.methods;

import org.dl4jsaliency.rules.BorderMaskRule;
import org.dl4jsaliency.rules.MaxPoolRedistributionRule;
import org.dl4jsaliency.rules.RectificationRule;
import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.RuleAssignment;

import java.util.Set;

/**
 * Rectified Gradient (Kim et al. 2019): {@link RectificationRule} at every ReLU, the padding trick at
 * SAME-padded convolutions (on by default), optionally proportional redistribution at max-pooling,
 * and finally, as published, multiplication by the input.
 *
 * <p>With {@code multiplyInput(false)} this is NoBias-RectGrad, the fix of Brocki and Chung (arXiv
 * 2011.05002): the same backward pass without the final multiplication, which makes the published
 * method blind wherever the input is at its zero point. x ⊙ NoBias-RectGrad = RectGrad exactly.
 *
 * <pre>{@code
 * RectifiedGradient published = RectifiedGradient.builder().q(98).build();
 * RectifiedGradient noBias = RectifiedGradient.builder().multiplyInput(false).build();
 * }</pre>
 */
public final class RectifiedGradient extends RuleBasedMethod {
    /** The reference percentile. */
    public static final double DEFAULT_Q = 98;
    /** RectGrad's canonical name. */
    public static final String NAME = "rectgrad";
    /** NoBias-RectGrad's canonical name. */
    public static final String NOBIAS_NAME = "nobias-rectgrad";
    /** {@code rectgrad}: parameters {@code q} or {@code tau}, {@code padding-trick}, {@code prr}, {@code multiply-input} (true). */
    public static final MethodFactory FACTORY = factory(NAME, true);
    /** {@code nobias-rectgrad}: the same parameters, {@code multiply-input} false by default. */
    public static final MethodFactory NOBIAS_FACTORY = factory(NOBIAS_NAME, false);

    private final BackwardRule rectify;
    private final boolean paddingTrick;
    private final boolean proportionalRedistribution;
    private final BorderMaskRule borderMask = new BorderMaskRule();
    private final MaxPoolRedistributionRule redistribution = new MaxPoolRedistributionRule();

    private RectifiedGradient(Builder b) {
        super(b.multiplyInput);
        this.rectify = b.threshold != null ? RectificationRule.constant(b.threshold) : RectificationRule.percentile(b.q);
        this.paddingTrick = b.paddingTrick;
        this.proportionalRedistribution = b.proportionalRedistribution;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** RectGrad as published: q = 98, padding trick, input multiplied. */
    public static RectifiedGradient published() {
        return builder().build();
    }

    /** NoBias-RectGrad: q = 98, padding trick, no input multiplication. */
    public static RectifiedGradient noBias() {
        return builder().multiplyInput(false).build();
    }

    @Override
    public String name() {
        return multipliesInput() ? NAME : NOBIAS_NAME;
    }

    @Override
    public RuleAssignment rules() {
        return node -> {
            if (node.isRelu()) {
                return rectify;
            }
            if (paddingTrick && node.isSamePaddedConvolution()) {
                return borderMask;
            }
            if (proportionalRedistribution && node.isMaxPooling()) {
                return redistribution;
            }
            return null;
        };
    }

    /** Builder for {@link RectifiedGradient}. */
    private static MethodFactory factory(String name, boolean multiplyDefault) {
        return new MethodFactory(name, Set.of("q", "tau", "padding-trick", "prr", "multiply-input"), p -> {
            Builder b = builder()
                    .paddingTrick(p.bool("padding-trick", true))
                    .proportionalRedistribution(p.bool("prr", false))
                    .multiplyInput(p.bool("multiply-input", multiplyDefault));
            if (p.has("q") && p.has("tau")) {
                throw new IllegalArgumentException("Method '" + p.method() + "': give either q or tau, not both");
            }
            if (p.has("q")) {
                b.q(p.number("q"));
            }
            if (p.has("tau")) {
                b.threshold(p.number("tau"));
            }
            return b.build();
        });
    }

    public static final class Builder {
        private double q = DEFAULT_Q;
        private Double threshold;
        private boolean paddingTrick = true;
        private boolean proportionalRedistribution;
        private boolean multiplyInput = true;

        private Builder() {
        }

        /** Percentile of the importance scores used as threshold, 0..100 (default 98). */
        public Builder q(double q) {
            RectificationRule.percentile(q);
            this.q = q;
            this.threshold = null;
            return this;
        }

        /** A constant threshold τ instead of a percentile; τ = 0 is Guided Backprop. */
        public Builder threshold(double tau) {
            RectificationRule.constant(tau);
            this.threshold = tau;
            return this;
        }

        /** Zero a 1-pixel border of the signal at SAME-padded convolutions (default on). */
        public Builder paddingTrick(boolean on) {
            this.paddingTrick = on;
            return this;
        }

        /** Proportional redistribution at max-pooling, RectGrad-PRR (default off). */
        public Builder proportionalRedistribution(boolean on) {
            this.proportionalRedistribution = on;
            return this;
        }

        /** Multiply the final signal by the input (default true, as published; false = NoBias-RectGrad). */
        public Builder multiplyInput(boolean on) {
            this.multiplyInput = on;
            return this;
        }

        public RectifiedGradient build() {
            return new RectifiedGradient(this);
        }
    }
}
