package org.dl4jsaliency.audit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Per-pixel views of [N, C, H, W] maps and images that several checks use. */
final class PixelMaps {
    private PixelMaps() {
    }

    /** Σ_c |A_c| of example {@code n}: a pixel's relevance magnitude, with no cancellation across channels. */
    static double[][] absSum(INDArray nchw, int n) {
        return Transforms.abs(nchw.get(NDArrayIndex.point(n)).castTo(DataType.DOUBLE), true).sum(0).toDoubleMatrix();
    }

    /** Mean over channels of |I_c − z0_c| for display image {@code n}. */
    static double[][] distanceFromZero(INDArray display, int n, double[] z0) {
        INDArray img = display.get(NDArrayIndex.point(n)).castTo(DataType.DOUBLE);
        int h = (int) img.size(1);
        int w = (int) img.size(2);
        double[][] out = new double[h][w];
        for (int c = 0; c < img.size(0); c++) {
            double[][] ch = img.get(NDArrayIndex.point(c)).toDoubleMatrix();
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) {
                    out[r][col] += Math.abs(ch[r][col] - z0[c]) / img.size(0);
                }
            }
        }
        return out;
    }
}
