package org.dl4jsaliency.measures;

import org.dl4jsaliency.metrics.NormalisedDifference;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Re-encoding invariance per example (docs/algorithms.md §5.4): E = ‖n(A) − n(a·Ã)‖ between a method's
 * map A on the original inputs and model and its map Ã on the re-encoded inputs a·x + c and the
 * rewritten model, over the pixels at least {@code border} from the edge (a zero-padded first layer
 * makes the identity hold only there). What the audit's re-encoding check and the reproduction's
 * re-encoding experiment measure.
 */
public final class ReEncodingErrors {
    private ReEncodingErrors() {
    }

    /**
     * E for each example of {@code original} and {@code reEncoded} ([N, C, H, W] each).
     *
     * @param a      the re-encoding's scale (Ã is multiplied by it)
     * @param border pixels left out at each edge; 0 compares every pixel
     * @throws IllegalArgumentException when the shapes differ or the border leaves nothing
     */
    public static double[] of(INDArray original, INDArray reEncoded, double a, int border) {
        if (border < 0) {
            throw new IllegalArgumentException("border must not be negative, got " + border);
        }
        INDArray scaled = reEncoded.castTo(DataType.DOUBLE).mul(a);
        double[] e = new double[(int) original.size(0)];
        for (int i = 0; i < e.length; i++) {
            e[i] = NormalisedDifference.of(interior(original.get(NDArrayIndex.point(i)), border),
                    interior(scaled.get(NDArrayIndex.point(i)), border));
        }
        return e;
    }

    private static INDArray interior(INDArray chw, int border) {
        if (border == 0) {
            return chw;
        }
        long h = chw.size(1);
        long w = chw.size(2);
        if (2L * border >= Math.min(h, w)) {
            throw new IllegalArgumentException("probes.border " + border + " leaves nothing of a " + h + "x" + w
                    + " input");
        }
        return chw.get(NDArrayIndex.all(), NDArrayIndex.interval(border, h - border),
                NDArrayIndex.interval(border, w - border)).dup();
    }
}
