package org.dl4jsaliency.rules;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The reference RectGrad 'padding trick': at a convolution with SAME padding, zero a 1-pixel border
 * of the signal arriving at the convolution's output before its ordinary backward step, so the
 * zero padding does not light up the image frame.
 */
public final class BorderMaskRule implements BackwardRule {

    @Override
    public boolean readsOutput() {
        return false;
    }

    @Override
    public String name() {
        return "border-mask+gradient";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray signal) {
        if (signal.rank() != 4) {
            return context.gradient(signal);
        }
        boolean nhwc = context.node().cnnFormat() == CNN2DFormat.NHWC;
        int hAxis = nhwc ? 1 : 2;
        int wAxis = nhwc ? 2 : 3;
        INDArray masked = signal.dup();
        long h = signal.size(hAxis);
        long w = signal.size(wAxis);
        for (long row : new long[] {0, h - 1}) {
            masked.get(index(hAxis, NDArrayIndex.point(row))).assign(0);
        }
        for (long col : new long[] {0, w - 1}) {
            masked.get(index(wAxis, NDArrayIndex.point(col))).assign(0);
        }
        return context.gradient(masked);
    }

    private static INDArrayIndex[] index(int axis, INDArrayIndex at) {
        INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        idx[axis] = at;
        return idx;
    }
}
