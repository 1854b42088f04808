package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.dl4jsaliency.spi.NodeInfo;
import org.dl4jsaliency.spi.NodeKind;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;

import java.util.Arrays;

/**
 * One step of an {@link AnalysisGraph}: an operation, the nodes feeding it, and what backward rules
 * may ask about it (its kind, the DL4J layer configuration it came from, its activation function).
 *
 * <p>A Dense or convolution layer with a fused activation becomes two nodes: the linear part
 * (named after the layer) and its activation (named {@code <layer>/activation}), so that rules on
 * activations reach fused ReLUs as well as standalone ActivationLayers.
 */
public final class Node implements NodeInfo {
    private final int index;
    private final String name;
    private final String origin;
    private final NodeKind kind;
    private final int[] inputs;
    private final NodeOp op;
    private final Object config;
    private final IActivation activation;
    private int layerIndex = -1;
    private boolean inputLayer;

    Node(int index, String name, String origin, NodeKind kind, int[] inputs, NodeOp op,
         Object config, IActivation activation) {
        this.index = index;
        this.name = name;
        this.origin = origin;
        this.kind = kind;
        this.inputs = inputs.clone();
        this.op = op;
        this.config = config;
        this.activation = activation;
    }

    /**
     * The index of the DL4J layer this node came from: its position in a MultiLayerNetwork, or its
     * vertex index in a ComputationGraph; -1 for the input.
     */
    public int layerIndex() {
        return layerIndex;
    }

    /**
     * True for a linear node (Dense/Conv) that sees the network input without another linear layer in
     * between: the "first layer" where LRP composites put their input rule.
     */
    public boolean isInputLayer() {
        return inputLayer;
    }

    void setLayerIndex(int layerIndex) {
        this.layerIndex = layerIndex;
    }

    void markInputLayer() {
        this.inputLayer = true;
    }

    /** Position in topological order. */
    public int index() {
        return index;
    }

    /** Unique node name: the DL4J layer or vertex name, with a suffix for split-off parts. */
    public String name() {
        return name;
    }

    /** Name of the DL4J layer or vertex this node was derived from. */
    public String origin() {
        return origin;
    }

    public NodeKind kind() {
        return kind;
    }

    /** Indices of the nodes whose outputs feed this node, in argument order. */
    public int[] inputs() {
        return inputs.clone();
    }

    int input(int i) {
        return inputs[i];
    }

    int inputCount() {
        return inputs.length;
    }

    NodeOp op() {
        return op;
    }

    /**
     * The DL4J configuration object behind this node: a {@code org.deeplearning4j.nn.conf.layers.Layer},
     * a {@code org.deeplearning4j.nn.conf.graph.GraphVertex}, an {@code InputPreProcessor}, or null.
     */
    public Object config() {
        return config;
    }

    /** The activation function of an {@link NodeKind#ACTIVATION} node, else null. */
    public IActivation activation() {
        return activation;
    }

    /**
     * True for a plain ReLU activation, max(0, z), the only activation the rectification rules apply
     * to. LeakyReLU and clipped or thresholded ReLUs are not plain ReLUs: they get the gradient.
     */
    public boolean isRelu() {
        if (kind != NodeKind.ACTIVATION || !(activation instanceof ActivationReLU)) {
            return false;
        }
        return activation.equals(new ActivationReLU());
    }

    /** True for the linear part of a 2D convolution with {@link ConvolutionMode#Same} padding. */
    public boolean isSamePaddedConvolution() {
        return kind == NodeKind.LINEAR && config instanceof ConvolutionLayer c
                && c.getConvolutionMode() == ConvolutionMode.Same;
    }

    /** True for a 2D max-pooling layer. */
    public boolean isMaxPooling() {
        return kind == NodeKind.POOLING && config instanceof SubsamplingLayer s
                && s.getPoolingType() == PoolingType.MAX;
    }

    /** True for a convolution or pooling node, whose configuration says how its arrays are laid out. */
    public boolean declaresLayout() {
        return config instanceof ConvolutionLayer || config instanceof SubsamplingLayer;
    }

    /** The data layout of a convolution or pooling node's arrays, as computed by the engine; NCHW for anything else. */
    public CNN2DFormat cnnFormat() {
        if (config instanceof ConvolutionLayer c && c.getCnn2dDataFormat() != null) {
            return c.getCnn2dDataFormat();
        }
        if (config instanceof SubsamplingLayer s && s.getCnn2dDataFormat() != null) {
            return s.getCnn2dDataFormat();
        }
        return CNN2DFormat.NCHW;
    }

    @Override
    public String toString() {
        return name + " [" + kind + (inputs.length > 0 ? " <- " + Arrays.toString(inputs) : "") + "]";
    }
}
