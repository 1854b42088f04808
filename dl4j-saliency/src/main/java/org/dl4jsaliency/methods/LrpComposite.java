package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.dl4jsaliency.rules.EpsilonRule;
import org.dl4jsaliency.rules.LrpRule;
import org.dl4jsaliency.rules.PassRule;
import org.dl4jsaliency.rules.ProportionalRule;
import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.GraphVariant;
import org.dl4jsaliency.spi.NodeInfo;
import org.dl4jsaliency.spi.RuleAssignment;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An LRP composite: which rule each Dense/Conv layer gets, by layer name, layer index, layer
 * configuration type, "input layer", or convolution vs dense, in that order of precedence. Other
 * nodes get LRP's standard treatment: ReLU-like activations and normalisations pass relevance
 * unchanged (other activations split it in proportion, see below),
 * max-pooling is winner-takes-all (the gradient), average pooling and residual Add/Average split
 * relevance in proportion to the contributions, reshapes and concatenations route it as the
 * gradient does. BatchNorm is folded into the preceding layer first (canonisation); one that cannot
 * be folded (after a separable convolution, or a layer without bias) passes relevance unchanged:
 * splitting it in proportion to x·s against the shifted output s·x + t amplified relevance to
 * 1e36 on the zoo Xception.
 *
 * <pre>{@code
 * LrpComposite c = LrpComposite.builder().conv(new AlphaBetaRule(1, 0)).dense(new EpsilonRule(1e-6))
 *         .inputLayer(WeightOnlyRule.flat()).layer("fc2", new EpsilonRule(0.1)).build();
 * }</pre>
 */
public final class LrpComposite implements RuleAssignment {
    private static final PassRule PASS = new PassRule();

    private final BackwardRule conv;
    private final BackwardRule dense;
    private final BackwardRule inputLayer;
    private final Map<String, BackwardRule> byName;
    private final Map<Integer, BackwardRule> byIndex;
    private final Map<Class<?>, BackwardRule> byType;
    private final ProportionalRule proportional;

    private LrpComposite(Builder b) {
        this.conv = b.conv;
        this.dense = b.dense;
        this.inputLayer = b.inputLayer;
        this.byName = Map.copyOf(b.byName);
        this.byIndex = Map.copyOf(b.byIndex);
        this.byType = new HashMap<>(b.byType);
        this.proportional = new ProportionalRule(b.stabilizer);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The rule at the input layer (null if it gets the conv/dense rule). */
    public BackwardRule inputLayerRule() {
        return inputLayer;
    }

    /**
     * The rule the first layer of an image model gets when no layer is named: the input-layer rule, else
     * the convolution rule.
     */
    public BackwardRule imageInputRule() {
        return inputLayer != null ? inputLayer : conv;
    }

    @Override
    public GraphVariant variant() {
        return GraphVariant.BATCH_NORM_FOLDED;
    }

    @Override
    public BackwardRule ruleFor(NodeInfo node) {
        return switch (node.kind()) {
            case LINEAR -> linearRule(node);
            case ACTIVATION -> isPiecewiseLinearThroughZero(node.activation()) ? PASS : proportional;
            case POOLING -> isMax(node.config()) ? null : proportional;
            case BATCH_NORM -> PASS;
            case OTHER_LAYER -> node.config() instanceof LocalResponseNormalization ? PASS : null;
            case VERTEX -> vertexRule(node.config());
            default -> null;
        };
    }

    private BackwardRule linearRule(NodeInfo node) {
        BackwardRule r = byName.get(node.origin());
        if (r == null) {
            r = byIndex.get(node.layerIndex());
        }
        if (r == null && node.config() != null) {
            r = byType.get(node.config().getClass());
        }
        if (r == null && node.isInputLayer()) {
            r = inputLayer;
        }
        if (r == null) {
            r = node.config() instanceof ConvolutionLayer ? conv : dense;
        }
        return r;
    }

    private BackwardRule vertexRule(Object config) {
        if (config instanceof ElementWiseVertex ew) {
            return switch (ew.getOp()) {
                case Add, Average -> proportional;
                default -> null;
            };
        }
        if (config instanceof ScaleVertex || config instanceof L2NormalizeVertex) {
            return PASS;
        }
        return null;
    }

    /**
     * ReLU-like activations (a = z wherever relevance can flow, up to a constant slope) pass relevance
     * unchanged. Others (sigmoid, tanh, ...) get the proportional step R_z = z·f′(z)·R_a / f(z):
     * passing R_a unchanged to a z near 0 where f(z) is not (sigmoid(0) = 0.5) made the next layer's
     * R / z explode to 1e36 on the zoo Xception, whose convolutions use sigmoid.
     */
    private static boolean isPiecewiseLinearThroughZero(org.nd4j.linalg.activations.IActivation f) {
        return f instanceof org.nd4j.linalg.activations.impl.ActivationReLU
                || f instanceof org.nd4j.linalg.activations.impl.ActivationLReLU
                || f instanceof org.nd4j.linalg.activations.impl.ActivationIdentity;
    }

    private static boolean isMax(Object config) {
        if (config instanceof SubsamplingLayer s) {
            return s.getPoolingType() == PoolingType.MAX;
        }
        return config instanceof GlobalPoolingLayer g && g.getPoolingType() == PoolingType.MAX;
    }

    /** Builder for {@link LrpComposite}. */
    public static final class Builder {
        private BackwardRule conv = new EpsilonRule(EpsilonRule.DEFAULT_EPSILON);
        private BackwardRule dense = new EpsilonRule(EpsilonRule.DEFAULT_EPSILON);
        private BackwardRule inputLayer;
        private final Map<String, BackwardRule> byName = new LinkedHashMap<>();
        private final Map<Integer, BackwardRule> byIndex = new LinkedHashMap<>();
        private final Map<Class<?>, BackwardRule> byType = new LinkedHashMap<>();
        private double stabilizer = LrpRule.DEFAULT_STABILIZER;

        private Builder() {
        }

        /** Rule for every linear layer (convolution and dense). */
        public Builder all(BackwardRule rule) {
            return conv(rule).dense(rule);
        }

        /** Rule for convolution layers (default ε). */
        public Builder conv(BackwardRule rule) {
            this.conv = required(rule);
            return this;
        }

        /** Rule for Dense and output layers (default ε). */
        public Builder dense(BackwardRule rule) {
            this.dense = required(rule);
            return this;
        }

        /** Rule for the layer(s) that see the input directly (default: the conv/dense rule). */
        public Builder inputLayer(BackwardRule rule) {
            this.inputLayer = rule;
            return this;
        }

        /** Rule for the layer with this DL4J name. */
        public Builder layer(String name, BackwardRule rule) {
            byName.put(name, required(rule));
            return this;
        }

        /** Rule for the layer at this index (MultiLayerNetwork position or ComputationGraph vertex index). */
        public Builder layer(int index, BackwardRule rule) {
            byIndex.put(index, required(rule));
            return this;
        }

        /** Rule for every layer whose configuration is exactly this class (e.g. DenseLayer.class). */
        public Builder layerType(Class<? extends org.deeplearning4j.nn.conf.layers.Layer> type, BackwardRule rule) {
            byType.put(type, required(rule));
            return this;
        }

        /**
         * The stabiliser of the proportional split at residual Add/Average, average pooling and non-ReLU
         * activations (default 1e-6). It is not the ε of the ε rule: splitting by z + ε at ε = 0.01
         * changed LRP-ε's maps on a residual network by 16% against Zennit's.
         */
        public Builder stabilizer(double stabilizer) {
            new ProportionalRule(stabilizer);
            this.stabilizer = stabilizer;
            return this;
        }

        public LrpComposite build() {
            return new LrpComposite(this);
        }

        private static BackwardRule required(BackwardRule rule) {
            if (rule == null) {
                throw new IllegalArgumentException("rule is null");
            }
            return rule;
        }
    }
}
