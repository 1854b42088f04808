package org.dl4jsaliency.measures;

import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.probes.InputSpace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Zero-point annihilation per image (docs/algorithms.md §5.3). The set: pixels whose model input is the
 * zero point in every channel ({@code |x_c| ≤ 1e-6·s_c}) and whose occlusion-reference magnitude is at
 * least ¼ of the image's largest. The mass: the largest Σ_c |A_c| on the set as a fraction of the image's
 * largest; exactly 0 for every x ⊙ g method. What the audit's zero-point check averages and what the
 * Spark explain job writes per image.
 */
public final class ZeroPointMass {
    /** The share of the reference's largest magnitude from which a pixel counts as used by the model. */
    public static final double USED = 0.25;
    /** A channel is at the zero point when its model input lies within this many units of its scale of 0. */
    public static final double AT_ZERO = 1e-6;

    private ZeroPointMass() {
    }

    /**
     * The zero-point pixels the reference marks as used, for example {@code n}.
     *
     * @param modelInput the model inputs [N, C, H, W] (NCHW whatever the model's layout)
     * @param space      the declared preprocessing (its scale per channel)
     * @param reference  the occlusion reference maps [N, C, H, W] for the same examples
     */
    public static boolean[][] usedZeroPixels(INDArray modelInput, InputSpace space, INDArray reference, int n) {
        double[][] ref = Maps.magnitudeSum(reference, n);
        double refMax = 0;
        for (double[] row : ref) {
            for (double v : row) {
                refMax = Math.max(refMax, v);
            }
        }
        // one conversion per image rather than an ND4J lookup per pixel and channel (224² × 3 on ImageNet models)
        double[][][] x = Maps.image(modelInput, n);
        int h = x[0].length;
        int w = x[0][0].length;
        boolean[][] set = new boolean[h][w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                boolean atZero = true;
                for (int ch = 0; ch < x.length && atZero; ch++) {
                    atZero = Math.abs(x[ch][r][c]) <= AT_ZERO * space.scale(ch);
                }
                set[r][c] = atZero && refMax > 0 && ref[r][c] >= USED * refMax;
            }
        }
        return set;
    }

    /** The number of pixels in {@code set}. */
    public static int count(boolean[][] set) {
        int n = 0;
        for (boolean[] row : set) {
            for (boolean b : row) {
                n += b ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * The largest {@code magnitude} on {@code set} over the largest anywhere; NaN for an all-zero map
     * (0 when the set is empty and the map is not).
     */
    public static double of(double[][] magnitude, boolean[][] set) {
        double max = 0;
        double onSet = 0;
        for (int r = 0; r < set.length; r++) {
            for (int c = 0; c < set[r].length; c++) {
                max = Math.max(max, magnitude[r][c]);
                if (set[r][c]) {
                    onSet = Math.max(onSet, magnitude[r][c]);
                }
            }
        }
        return max > 0 ? onSet / max : Double.NaN;
    }
}
