package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Flattens an NHWC feature map in NCHW order (channel, then row, then column), the order the dense
 * weights of an NCHW model were trained for: the CnnToFeedForward preprocessor of a model the engine
 * computes in NHWC ({@link InternalLayout}). DL4J's own preprocessor would flatten in NHWC order.
 */
final class NchwFlattenOp implements NodeOp {

    @Override
    public INDArray forward(INDArray[] inputs) {
        INDArray x = inputs[0];
        return x.permute(0, 3, 1, 2).dup('c').reshape('c', x.size(0), -1);
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        long[] s = inputs[0].shape();
        INDArray nchw = signal.dup('c').reshape('c', s[0], s[3], s[1], s[2]);
        return new INDArray[] {nchw.permute(0, 2, 3, 1).dup('c')};
    }
}
