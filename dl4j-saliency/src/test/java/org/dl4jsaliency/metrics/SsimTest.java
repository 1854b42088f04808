package org.dl4jsaliency.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SSIM against skimage.metrics.structural_similarity (scikit-image 0.19.3) with its defaults
 * (win_size 7, uniform filter, K1 0.01, K2 0.03, use_sample_covariance True; the mean over the
 * positions where the window fits, i.e. crop by 3 on each side).
 *
 * <p>The 12×10 maps are closed-form so python reproduces them:
 * <pre>
 * r, c = np.meshgrid(np.arange(12), np.arange(10), indexing='ij')
 * x = (1 + np.sin(0.7*r + 0.3*c)) / 2
 * y = 0.6*x + 0.4*(1 + np.cos(0.4*r - 0.9*c + 0.5)) / 2
 * </pre>
 * Tolerance 1e-12: skimage forms variances as E[x²] − E[x]² from uniform_filter outputs while Ssim
 * sums centred squares; with values in [0, 1] and 49-pixel windows the cancellation costs at most a
 * few 1e-16 on each moment, and Java's and numpy's sin/cos may differ by an ulp; 1e-12 leaves a wide
 * margin for both while catching any error in the formula (a wrong N−1 or constant moves it by > 1e-3).
 */
class SsimTest {
    private static final double TOL = 1e-12;

    static double[][] x() {
        double[][] m = new double[12][10];
        for (int r = 0; r < 12; r++) {
            for (int c = 0; c < 10; c++) {
                m[r][c] = (1 + Math.sin(0.7 * r + 0.3 * c)) / 2;
            }
        }
        return m;
    }

    static double[][] y() {
        double[][] x = x();
        double[][] m = new double[12][10];
        for (int r = 0; r < 12; r++) {
            for (int c = 0; c < 10; c++) {
                m[r][c] = 0.6 * x[r][c] + 0.4 * (1 + Math.cos(0.4 * r - 0.9 * c + 0.5)) / 2;
            }
        }
        return m;
    }

    @Test
    void matchesSkimageWithDataRangeOne() {
        // structural_similarity(x, y, data_range=1.0)
        assertEquals(0.7785728746177557, Ssim.of(x(), y(), 1.0), TOL);
        // symmetric: structural_similarity(y, x, data_range=1.0) gives the same value
        assertEquals(0.7785728746177557, Ssim.of(y(), x(), 1.0), TOL);
    }

    @Test
    void matchesSkimageForAnticorrelatedMaps() {
        double[][] x = x();
        double[][] inv = new double[12][10];
        for (int r = 0; r < 12; r++) {
            for (int c = 0; c < 10; c++) {
                inv[r][c] = 1 - x[r][c];
            }
        }
        // structural_similarity(x, 1 - x, data_range=1.0)
        assertEquals(-0.9507506624742952, Ssim.of(x, inv, 1.0), TOL);
    }

    @Test
    void matchesSkimageWithDataRangeTwo() {
        // structural_similarity(x, y, data_range=2.0): checks that C1, C2 scale with the data range
        assertEquals(0.7817576732129216, Ssim.of(x(), y(), 2.0), TOL);
    }

    @Test
    void identicalMapsGiveOne() {
        // x = y: numerator and denominator are the same products, so every window gives exactly 1
        // up to rounding of (2μ²+C1)(2σ²+C2) vs (μ²+μ²+C1)(σ²+σ²+C2): a few ulps
        assertEquals(1.0, Ssim.of(x(), x(), 1.0), 1e-15);
        assertEquals(1.0, Ssim.of(y(), y(), 1.0), 1e-15);
    }

    @Test
    void rejectsMapsOfDifferentSize() {
        assertThrows(IllegalArgumentException.class, () -> Ssim.of(x(), new double[12][9], 1.0));
    }

    @Test
    void normalisedAbsDividesByTheLargestMagnitude() {
        double[][] n = Ssim.normalisedAbs(new double[][] {{-4, 2}, {1, 0}});
        assertEquals(1.0, n[0][0], 0.0);
        assertEquals(0.5, n[0][1], 0.0);
        assertEquals(0.25, n[1][0], 0.0);
        assertEquals(0.0, n[1][1], 0.0);
        double[][] z = Ssim.normalisedAbs(new double[2][3]);
        for (double[] row : z) {
            for (double v : row) {
                assertEquals(0.0, v, 0.0);
            }
        }
    }
}
