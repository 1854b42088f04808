package org.dl4jsaliency.measures;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A pixel's relevance magnitude Σ_c |A_c| (docs/algorithms.md §5.3 and §5.5): magnitudes are taken per
 * channel before summing, so relevance of opposite signs in two channels does not cancel.
 */
public final class RelevanceMagnitudes {
    private RelevanceMagnitudes() {
    }

    /** Σ_c |A_c| of example {@code n} of an [N, C, H, W] array, as [row][column], in double. */
    public static double[][] of(INDArray nchw, int n) {
        if (nchw.rank() != 4) {
            throw new IllegalArgumentException("expected an [N, C, H, W] map, got shape "
                    + java.util.Arrays.toString(nchw.shape()));
        }
        return Transforms.abs(nchw.get(NDArrayIndex.point(n)).castTo(DataType.DOUBLE), true).sum(0).toDoubleMatrix();
    }
}
