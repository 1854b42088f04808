package org.dl4jsaliency.engine;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise activation function. DL4J's IActivation works in place, so every call gets
 * copies: ActivationLayer's own inference path overwrites its stored input and would make the
 * backward evaluate f′(f(z)).
 */
final class ActivationOp implements NodeOp {
    private final IActivation activation;

    ActivationOp(IActivation activation) {
        this.activation = activation;
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        return activation.getActivation(inputs[0].dup(), false);
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        return new INDArray[] {activation.backprop(inputs[0].dup(), signal.dup()).getFirst()};
    }
}
