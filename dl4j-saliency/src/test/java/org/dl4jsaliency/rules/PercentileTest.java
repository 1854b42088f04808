package org.dl4jsaliency.rules;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PercentileTest {
    private static final double[] VALUES = {5, 1, 4, 2, 3};

    @Test
    void nearestRankMatchesHandComputedValues() {
        // descending: 5 4 3 2 1; index = rint(4 * (1 - q/100))
        assertEquals(5, Percentile.nearestRank(VALUES, 98));   // rint(0.08) = 0
        assertEquals(3, Percentile.nearestRank(VALUES, 50));   // rint(2.0) = 2
        assertEquals(1, Percentile.nearestRank(VALUES, 0));    // index 4
        assertEquals(5, Percentile.nearestRank(VALUES, 100));  // index 0
        assertEquals(4, Percentile.nearestRank(VALUES, 70));   // rint(1.2) = 1
    }

    @Test
    void halfwayIndicesRoundToEven() {
        assertEquals(0, Percentile.descendingIndex(5, 87.5)); // 4 * 0.125 = 0.5 -> 0
        assertEquals(2, Percentile.descendingIndex(5, 62.5)); // 1.5 -> 2
        assertEquals(2, Percentile.descendingIndex(5, 37.5)); // 2.5 -> 2
        assertEquals(5, Percentile.nearestRank(VALUES, 87.5));
        assertEquals(3, Percentile.nearestRank(VALUES, 37.5));
    }

    @Test
    void q98OnFewerThan25UnitsIsTheMaximum() {
        double[] v = new double[25];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        assertEquals(24, Percentile.nearestRank(v, 98));          // rint(24 * .02) = rint(0.48) = 0
        assertEquals(99, Percentile.nearestRank(new double[] {
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,
                51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75,
                76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99,
                100}, 99));                                           // rint(100 * .01) = 1 -> 99
    }

    @Test
    void selectionAgreesWithSortingOnRandomDataWithTies() {
        java.util.Random r = new java.util.Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(300);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(20) - 5;
            }
            double q = r.nextInt(101);
            double[] sorted = v.clone();
            java.util.Arrays.sort(sorted);
            double expected = sorted[n - 1 - (int) Math.rint((n - 1) * (1 - q / 100))];
            assertEquals(expected, Percentile.nearestRank(v, q), "n=" + n + " q=" + q);
        }
    }

    @Test
    void rejectsOutOfRangeQ() {
        assertThrows(IllegalArgumentException.class, () -> Percentile.nearestRank(VALUES, 101));
        assertThrows(IllegalArgumentException.class, () -> Percentile.nearestRank(VALUES, -1));
        assertThrows(IllegalArgumentException.class, () -> Percentile.nearestRank(VALUES, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Percentile.nearestRank(new double[0], 50));
    }
}
