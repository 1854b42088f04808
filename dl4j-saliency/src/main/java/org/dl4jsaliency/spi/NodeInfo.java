package org.dl4jsaliency.spi;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.activations.IActivation;

/**
 * What a backward rule, and a {@link RuleAssignment} choosing rules, may know of one node of the
 * engine's analysis graph: its place, its kind, and the DL4J configuration it came from.
 *
 * <p>A Dense or convolution layer with a fused activation becomes two nodes: the linear part (named
 * after the layer) and its activation (named {@code <layer>/activation}), so that rules on
 * activations reach fused ReLUs as well as standalone ActivationLayers.
 */
public interface NodeInfo {

    /** Position in topological order. */
    int index();

    /** Unique node name: the DL4J layer or vertex name, with a suffix for split-off parts. */
    String name();

    /** Name of the DL4J layer or vertex this node was derived from. */
    String origin();

    NodeKind kind();

    /** Indices of the nodes whose outputs feed this node, in argument order. */
    int[] inputs();

    /**
     * The index of the DL4J layer this node came from: its position in a MultiLayerNetwork, or its
     * vertex index in a ComputationGraph; -1 for the input.
     */
    int layerIndex();

    /**
     * True for a linear node (Dense/Conv) that sees the network input without another linear layer in
     * between: the "first layer" where LRP composites put their input rule.
     */
    boolean isInputLayer();

    /**
     * The DL4J configuration object behind this node: a {@code org.deeplearning4j.nn.conf.layers.Layer},
     * a {@code org.deeplearning4j.nn.conf.graph.GraphVertex}, an {@code InputPreProcessor}, or null.
     */
    Object config();

    /** The activation function of an {@link NodeKind#ACTIVATION} node, else null. */
    IActivation activation();

    /**
     * True for a plain ReLU activation, max(0, z), the only activation the rectification rules apply
     * to. LeakyReLU and clipped or thresholded ReLUs are not plain ReLUs: they get the gradient.
     */
    boolean isRelu();

    /** True for the linear part of a 2D convolution with {@link ConvolutionMode#Same} padding. */
    boolean isSamePaddedConvolution();

    /** True for a 2D max-pooling layer. */
    boolean isMaxPooling();

    /** True for a convolution or pooling node, whose configuration says how its arrays are laid out. */
    boolean declaresLayout();

    /** The data layout of a convolution or pooling node's arrays, as computed by the engine; NCHW for anything else. */
    CNN2DFormat cnnFormat();
}
