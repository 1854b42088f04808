package org.dl4jsaliency.metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The re-encoding error of docs/algorithms.md §5.4: E = ‖n(A) − n(B)‖ / ‖n(A)‖ with n the L2
 * normalisation, so ‖n(A)‖ = 1 and E = ‖n(A) − n(B)‖ ∈ [0, 2]: 0 when B is a positive multiple of A,
 * 2 when it is a negative one.
 */
public final class NormalisedDifference {
    private NormalisedDifference() {
    }

    /**
     * E between maps of the same shape; NaN when {@code a} is all zero (nothing to compare against),
     * 1 when only {@code b} is (a map that vanished differs from A by all of n(A)).
     */
    public static double of(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("maps differ in shape: " + java.util.Arrays.toString(a.shape()) + " and "
                    + java.util.Arrays.toString(b.shape()));
        }
        INDArray x = a.castTo(DataType.DOUBLE);
        INDArray y = b.castTo(DataType.DOUBLE);
        double nx = x.norm2Number().doubleValue();
        double ny = y.norm2Number().doubleValue();
        if (nx == 0) {
            return Double.NaN;
        }
        if (ny == 0) {
            return 1;
        }
        return x.div(nx).subi(y.div(ny)).norm2Number().doubleValue();
    }
}
