package org.dl4jsaliency.measures;

import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.metrics.RankCorrelation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Intensity correlation per image (docs/algorithms.md §5.5): Spearman's ρ (ties at their average rank)
 * between a pixel's relevance magnitude Σ_c |A_c| and its distance from the zero point, the mean over
 * channels of |I_c − z0_c|. Near 1 for a map that copies the image's brightness. What the audit's
 * intensity-correlation check averages and what the Spark explain job writes per image.
 */
public final class IntensityCorrelation {
    private IntensityCorrelation() {
    }

    /**
     * ρ for example {@code n}; NaN when the map or the distance is constant.
     *
     * @param maps    attribution maps [N, C, H, W]
     * @param display the display images [N, C, H, W], intensities in [0, 1]
     * @param z0      the zero point per channel of the display images
     */
    public static double of(INDArray maps, INDArray display, int n, double[] z0) {
        return RankCorrelation.spearman(Maps.flatten(Maps.magnitudeSum(maps, n)),
                Maps.flatten(distanceFromZero(display, n, z0)));
    }

    /** The mean over channels of |I_c − z0_c| for display image {@code n}, as [row][column]. */
    public static double[][] distanceFromZero(INDArray display, int n, double[] z0) {
        INDArray img = display.get(NDArrayIndex.point(n)).castTo(DataType.DOUBLE);
        if (z0.length != img.size(0)) {
            throw new IllegalArgumentException(z0.length + " zero-point values for an image of " + img.size(0)
                    + " channels");
        }
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
