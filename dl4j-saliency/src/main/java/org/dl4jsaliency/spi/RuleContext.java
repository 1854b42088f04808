package org.dl4jsaliency.spi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link BackwardRule} sees at one node during a backward pass: the node, its forward inputs
 * and output for the examples being explained, and the node's ordinary gradient.
 */
public interface RuleContext {

    NodeInfo node();

    /** The node's forward input number {@code i}. Do not modify. */
    INDArray input(int i);

    /** The node's forward output. Do not modify. */
    INDArray output();

    /** The ordinary chain rule of the node applied to {@code signal}. */
    INDArray[] gradient(INDArray signal);

    /** Number of forward inputs of the node. */
    int inputCount();

    /** True if the node is computed with layer parameters that {@link #forwardWith} can replace. */
    boolean hasParameters();

    /**
     * The node's forward output for {@code input} with its parameters replaced by {@code transform}.
     * Needs rules whose {@link RuleAssignment#variant()} asks for private parameters.
     */
    INDArray forwardWith(ParameterTransform transform, INDArray input);

    /** The node's ordinary backward at {@code input}, with parameters replaced by {@code transform}. */
    INDArray backwardWith(ParameterTransform transform, INDArray input, INDArray signal);
}
