package org.dl4jsaliency.engine;

import org.dl4jsaliency.spi.SignalGate;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An element-wise activation function. DL4J's IActivation works in place, so every call gets
 * copies: ActivationLayer's own inference path overwrites its stored input and would make the
 * backward evaluate f′(f(z)). A plain ReLU, the activation of almost every image classifier, runs
 * as one native op each way instead (one new array, no copies).
 */
final class ActivationOp implements NodeOp {
    private final IActivation activation;
    private final boolean plainRelu;

    ActivationOp(IActivation activation) {
        this.activation = activation;
        this.plainRelu = activation instanceof ActivationReLU && activation.equals(new ActivationReLU());
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        if (plainRelu) {
            return Transforms.relu(inputs[0], true);
        }
        return activation.getActivation(inputs[0].dup(), false);
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        if (plainRelu) {
            // The output, not the input: a ReLU may have been computed in place over its input.
            return new INDArray[] {SignalGate.passWherePositive(output, signal)};
        }
        return new INDArray[] {activation.backprop(inputs[0].dup(), signal.dup()).getFirst()};
    }
}
