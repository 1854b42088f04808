package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link BackwardRule} sees at one node during a backward pass: the node, its forward inputs
 * and output for the examples being explained, and the node's ordinary gradient.
 */
public final class RuleContext {
    private final Node node;
    private final INDArray[] inputs;
    private final INDArray output;

    RuleContext(Node node, INDArray[] inputs, INDArray output) {
        this.node = node;
        this.inputs = inputs;
        this.output = output;
    }

    public Node node() {
        return node;
    }

    /** The node's forward input number {@code i}. Do not modify. */
    public INDArray input(int i) {
        return inputs[i];
    }

    /** The node's forward output. Do not modify. */
    public INDArray output() {
        return output;
    }

    /** The ordinary chain rule of the node applied to {@code signal}. */
    public INDArray[] gradient(INDArray signal) {
        return node.op().backward(inputs, output, signal);
    }
}
