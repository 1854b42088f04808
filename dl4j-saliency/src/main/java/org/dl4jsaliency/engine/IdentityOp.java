package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Layers that pass their input through at inference: Dropout, and LossLayer once its activation is split off. */
final class IdentityOp implements NodeOp {

    @Override
    public INDArray forward(INDArray[] inputs) {
        return inputs[0];
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        return new INDArray[] {signal};
    }
}
