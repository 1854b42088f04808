package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The entry into the engine's internal channels-last layout ({@link InternalLayout}): an NCHW image
 * batch becomes NHWC, and the signal returning to the input becomes NCHW again. Other ranks pass.
 */
final class LayoutOp implements NodeOp {

    @Override
    public INDArray forward(INDArray[] inputs) {
        INDArray x = inputs[0];
        return x.rank() == 4 ? x.permute(0, 2, 3, 1).dup('c') : x;
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        return new INDArray[] {signal.rank() == 4 ? signal.permute(0, 3, 1, 2).dup('c') : signal};
    }
}
