package org.dl4jsaliency.metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Conversions between attribution arrays and the per-pixel maps the metrics work on: an [N, C, H, W]
 * batch becomes, per example, an [H][W] map summed over channels (docs/algorithms.md §5: "A summed over
 * channels").
 */
public final class Maps {
    private Maps() {
    }

    /** Example {@code n} of an NCHW array summed over channels, as [row][column]. */
    public static double[][] channelSum(INDArray nchw, int n) {
        if (nchw.rank() != 4) {
            throw new IllegalArgumentException("expected an [N, C, H, W] array, got shape "
                    + java.util.Arrays.toString(nchw.shape()));
        }
        INDArray summed = nchw.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n)).castTo(DataType.DOUBLE).sum(0);
        return summed.toDoubleMatrix();
    }

    /**
     * Example {@code n} of an NCHW array as Σ_c |A_c| per pixel, [row][column]: a pixel's relevance
     * magnitude, taken per channel before summing so that opposite signs in two channels do not cancel
     * (docs/algorithms.md §5.3 and §5.5).
     */
    public static double[][] magnitudeSum(INDArray nchw, int n) {
        if (nchw.rank() != 4) {
            throw new IllegalArgumentException("expected an [N, C, H, W] map, got shape "
                    + java.util.Arrays.toString(nchw.shape()));
        }
        return Transforms.abs(nchw.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n)).castTo(DataType.DOUBLE), true)
                .sum(0).toDoubleMatrix();
    }

    /** Example {@code n} of an NCHW array as [channel][row][column]. */
    public static double[][][] image(INDArray nchw, int n) {
        INDArray e = nchw.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n)).castTo(DataType.DOUBLE);
        double[][][] out = new double[(int) e.size(0)][][];
        for (int c = 0; c < out.length; c++) {
            out[c] = e.get(org.nd4j.linalg.indexing.NDArrayIndex.point(c)).toDoubleMatrix();
        }
        return out;
    }

    /** All values of {@code map} in row-major order. */
    public static double[] flatten(double[][] map) {
        double[] out = new double[map.length * map[0].length];
        int i = 0;
        for (double[] row : map) {
            for (double v : row) {
                out[i++] = v;
            }
        }
        return out;
    }

    static void requireSameSize(double[][] map, int rows, int cols, String what) {
        if (map.length != rows || map[0].length != cols) {
            throw new IllegalArgumentException("map is " + map.length + "x" + map[0].length + " but the " + what
                    + " is " + rows + "x" + cols);
        }
    }
}
