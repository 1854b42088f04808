package org.dl4jsaliency.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spearman's ρ against scipy.stats.spearmanr (scipy 1.10.1). Tolerance 1e-14: ρ is a ratio of sums of
 * O(10) small exact rank products; the only difference between the two is floating-point summation
 * order, worth a few ulps of a number below 1.
 */
class RankCorrelationTest {
    private static final double ULPS = 1e-14;

    @Test
    void matchesScipyWithTies() {
        // ties in both: a has 1,1 / 3,3 / 5,5; b has 1,1 / 2,2,2 / 8,8,8,8
        double[] a = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
        double[] b = {2, 7, 1, 8, 2, 8, 1, 8, 2, 8};
        // python3: scipy.stats.spearmanr(a, b).correlation
        assertEquals(0.13471506281091267, RankCorrelation.spearman(a, b), ULPS);
    }

    @Test
    void matchesScipyWithoutTies() {
        double[] c = {0.5, -1.25, 3.0, 2.0, 7.5, -4.0, 1.0, 0.25};
        double[] d = {1.0, 2.0, 0.0, 5.0, 6.0, -3.0, 4.0, -2.0};
        // python3: scipy.stats.spearmanr(c, d).correlation; by hand: ranks c = 3,2,7,6,8,1,5,4, ranks d =
        // 4,5,3,7,8,1,6,2, Σd² = 1+9+16+1+0+0+1+4 = 28, ρ = 1 − 6·28/(8·63) = 2/3
        assertEquals(0.6666666666666669, RankCorrelation.spearman(c, d), ULPS);
        assertEquals(2.0 / 3.0, RankCorrelation.spearman(c, d), ULPS);
    }

    @Test
    void averageRanksForTies() {
        // by hand: sorted 1,1,3,3,4,5,5,... → ranks 1.5,1.5 for the two 1s
        double[] r = RankCorrelation.ranks(new double[] {3, 1, 4, 1, 5, 9, 2, 6, 5, 3});
        assertArrayEqualsExact(new double[] {4.5, 1.5, 6, 1.5, 7.5, 10, 3, 9, 7.5, 4.5}, r);
    }

    @Test
    void invariantUnderStrictlyMonotoneTransforms() {
        double[] a = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
        double[] b = {2, 7, 1, 8, 2, 8, 1, 8, 2, 8};
        double[] expA = new double[a.length];
        double[] cubeB = new double[b.length];
        for (int i = 0; i < a.length; i++) {
            expA[i] = Math.exp(0.3 * a[i]) - 7;
            cubeB[i] = b[i] * b[i] * b[i] + 2;
        }
        // ranks are unchanged by an increasing map, so ρ is bit-identical
        assertEquals(RankCorrelation.spearman(a, b), RankCorrelation.spearman(expA, cubeB), 0.0);
        // a decreasing map of one argument flips the sign (ranks become n + 1 − r)
        double[] negA = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            negA[i] = -a[i];
        }
        assertEquals(-0.13471506281091267, RankCorrelation.spearman(negA, b), ULPS);
        // perfectly monotone pair: ρ = 1 exactly (saa == sbb == sab)
        double[] x = {0.1, 0.7, 0.3, 2.0, -1.0};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.atan(x[i]);
        }
        assertEquals(1.0, RankCorrelation.spearman(x, y), 0.0);
    }

    @Test
    void nanForConstantInput() {
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {2, 2, 2, 2}, new double[] {1, 2, 3, 4})));
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {0, 0, 0, 0})));
    }

    @Test
    void rejectsLengthMismatchAndTooShort() {
        assertThrows(IllegalArgumentException.class,
                () -> RankCorrelation.spearman(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> RankCorrelation.spearman(new double[] {1}, new double[] {1}));
    }

    private static void assertArrayEqualsExact(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 0.0, "index " + i);
        }
    }
}
