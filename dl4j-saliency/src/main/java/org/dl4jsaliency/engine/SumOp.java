package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise sum of equally shaped inputs (ElementWiseVertex Add, the residual connection): one
 * native addition forward, and the signal itself passed to every input backward. DL4J's vertex would
 * rerun its forward and copy the signal once per input.
 */
final class SumOp implements NodeOp {

    @Override
    public INDArray forward(INDArray[] inputs) {
        INDArray sum = inputs[0].add(inputs[1]);
        for (int i = 2; i < inputs.length; i++) {
            sum.addi(inputs[i]);
        }
        return sum;
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        INDArray[] down = new INDArray[inputs.length];
        java.util.Arrays.fill(down, signal);
        return down;
    }
}
