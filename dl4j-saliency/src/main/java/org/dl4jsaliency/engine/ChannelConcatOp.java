package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * MergeVertex along the channels in a model the engine computes in NHWC ({@link InternalLayout}): the
 * last axis of feature maps, axis 1 of flat activations. Backward hands each input its slice.
 */
final class ChannelConcatOp implements NodeOp {

    private static int axis(INDArray a) {
        return a.rank() == 4 ? 3 : 1;
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        return Nd4j.concat(axis(inputs[0]), inputs);
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        int axis = axis(signal);
        INDArray[] down = new INDArray[inputs.length];
        long from = 0;
        for (int i = 0; i < inputs.length; i++) {
            long to = from + inputs[i].size(axis);
            INDArrayIndex[] index = new INDArrayIndex[signal.rank()];
            for (int d = 0; d < index.length; d++) {
                index[d] = d == axis ? NDArrayIndex.interval(from, to) : NDArrayIndex.all();
            }
            down[i] = signal.get(index).dup('c');
            from = to;
        }
        return down;
    }
}
