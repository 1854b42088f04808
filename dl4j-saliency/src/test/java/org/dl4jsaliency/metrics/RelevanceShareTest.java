package org.dl4jsaliency.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** F_M = Σ_M |A| / Σ |A| and |M| / N on hand-computed cases. */
class RelevanceShareTest {

    @Test
    void handComputedShare() {
        double[][] map = {
                {1, -2, 0},
                {-3, 4, 0.5},
        };
        boolean[][] mask = {
                {false, true, false},
                {true, true, false},
        };
        // |A| total = 1 + 2 + 0 + 3 + 4 + 0.5 = 10.5; inside = 2 + 3 + 4 = 9 → 9 / 10.5 = 6/7
        // (sums of small binary fractions are exact; one division: ≤ 1 ulp)
        assertEquals(9.0 / 10.5, RelevanceShare.of(map, mask), Math.ulp(1.0));
        // |M| / N = 3 / 6, exact
        assertEquals(0.5, RelevanceShare.areaShare(mask), 0.0);
    }

    @Test
    void signDoesNotMatterOnlyMagnitude() {
        double[][] map = {{-1, -1}, {-1, -1}};
        boolean[][] mask = {{true, false}, {false, false}};
        assertEquals(0.25, RelevanceShare.of(map, mask), 0.0);
        assertEquals(0.25, RelevanceShare.areaShare(mask), 0.0);
    }

    @Test
    void emptyAndFullMasks() {
        double[][] map = {{1, 2}, {3, 4}};
        assertEquals(0.0, RelevanceShare.of(map, new boolean[2][2]), 0.0);
        assertEquals(1.0, RelevanceShare.of(map, new boolean[][] {{true, true}, {true, true}}), 0.0);
        assertEquals(0.0, RelevanceShare.areaShare(new boolean[2][2]), 0.0);
    }

    @Test
    void nanForAllZeroMap() {
        assertTrue(Double.isNaN(RelevanceShare.of(new double[3][4], new boolean[3][4])));
    }

    @Test
    void rejectsMaskOfDifferentSize() {
        assertThrows(IllegalArgumentException.class, () -> RelevanceShare.of(new double[3][4], new boolean[3][3]));
        assertThrows(IllegalArgumentException.class, () -> RelevanceShare.of(new double[3][4], new boolean[2][4]));
    }
}
