package org.dl4jsaliency.measures;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The measurements the audit and the reproduction share, against numbers worked out by hand. */
class MeasuresTest {

    @Test
    void aRegionsShareIsItsPartOfTheChannelSummedMagnitude() {
        // example 0: channel sums [[3, −1], [0, 4]] (|.| total 8); example 1: all zero
        INDArray maps = Nd4j.create(new double[] {1, -1, 0, 1, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0},
                new long[] {2, 2, 2, 2}, 'c');
        boolean[][] corner = {{true, false}, {false, false}};
        boolean[][] diagonal = {{false, true}, {true, true}};
        double[] s = RegionShares.of(maps, List.of(corner, diagonal));
        assertEquals(3.0 / 8, s[0], 1e-15);
        assertTrue(Double.isNaN(s[1]), "an all-zero map has no relevance to share");
        assertThrows(IllegalArgumentException.class, () -> RegionShares.of(maps, List.<boolean[][]>of(corner)));
    }

    @Test
    void reEncodingErrorIsZeroForAMapThatScalesWithOneOverAAndMasksTheBorder() {
        INDArray original = Nd4j.rand(DataType.DOUBLE, 2, 1, 5, 5).subi(0.5);
        // a = −2: an invariant method's map on the rewritten model is the original divided by a
        INDArray invariant = original.div(-2);
        assertArrayEquals(new double[] {0, 0}, ReEncodingErrors.of(original, invariant, -2, 0), 1e-15);

        INDArray borderOnly = invariant.dup();
        borderOnly.putScalar(new long[] {0, 0, 0, 0}, 10);
        assertEquals(0, ReEncodingErrors.of(original, borderOnly, -2, 1)[0], 1e-15, "the edge is masked");
        assertTrue(ReEncodingErrors.of(original, borderOnly, -2, 0)[0] > 0.1);

        // n(A) against n(−A): the whole of 2·n(A)
        assertEquals(2, ReEncodingErrors.of(original, original, -1, 0)[1], 1e-12);
        INDArray before = invariant.dup();
        ReEncodingErrors.of(original, invariant, -2, 0);
        assertEquals(before, invariant, "the caller's maps are not scaled in place");
        assertThrows(IllegalArgumentException.class, () -> ReEncodingErrors.of(original, invariant, -2, 3));
        assertThrows(IllegalArgumentException.class, () -> ReEncodingErrors.of(original, invariant, -2, -1));
    }

    @Test
    void aCascadeStepComparesTheChannelSummedMapsByRankAndBySsim() {
        // trained, both examples: A = [[1, 2], [3, 4]], example 0 split over the two channels
        INDArray trained = Nd4j.create(new double[] {1, 0, 0, 0, 0, 2, 3, 4, 1, 2, 3, 4, 0, 0, 0, 0},
                new long[] {2, 2, 2, 2}, 'c');
        // randomised: example 0 B = −A (same magnitudes), example 1 B = [[4, 3], [2, 1]] (order reversed)
        INDArray randomised = Nd4j.create(new double[] {-1, -2, -3, -4, 0, 0, 0, 0, 0, 0, 0, 0, 4, 3, 2, 1},
                new long[] {2, 2, 2, 2}, 'c');
        RandomisationCascade.Similarity s = RandomisationCascade.of(trained, randomised);
        assertArrayEquals(new double[] {1, -1}, s.absRho(), 1e-15);
        assertArrayEquals(new double[] {-1, -1}, s.rho(), 1e-15);
        assertEquals(1, s.ssim()[0], 0, "equal |A| / max |A| are structurally identical");
        // n(A) = [.25, .5, .75, 1] against n(B) = [1, .75, .5, .25], one 2×2 window: equal means cancel, so
        // SSIM = (2 cov + C2) / (var + var + C2) with var = 0.3125 / 3, cov = −var, C2 = 0.03²
        assertEquals((-0.625 / 3 + 9e-4) / (0.625 / 3 + 9e-4), s.ssim()[1], 1e-15);
    }

    @Test
    void aVanishedMapHasNoRankCorrelationAndMismatchedMapsAreRejected() {
        INDArray trained = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 1, 2, 2}, 'c');
        RandomisationCascade.Similarity s = RandomisationCascade.of(trained, Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 2));
        assertTrue(Double.isNaN(s.absRho()[0]) && Double.isNaN(s.rho()[0]), "ρ of a constant map is undefined");
        assertThrows(IllegalArgumentException.class,
                () -> RandomisationCascade.of(trained, Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> RandomisationCascade.of(Nd4j.ones(1, 1, 1, 1), Nd4j.ones(1, 1, 1, 1)));
    }

    @Test
    void cascadeStepsAreEveryDepthOrEvenlySpacedEndingAtTheInput() {
        assertEquals(List.of(1, 2, 3), RandomisationCascade.steps(3, 0));
        assertEquals(List.of(1, 2, 3), RandomisationCascade.steps(3, 5));
        // round(i · 10 / 4) for i = 1…4
        assertEquals(List.of(3, 5, 8, 10), RandomisationCascade.steps(10, 4));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RandomisationCascade.steps(0, 0)).getMessage()
                .contains("no layers with weights"));
        assertThrows(IllegalArgumentException.class, () -> RandomisationCascade.steps(3, -1));
    }

    @Test
    void aThresholdSweepCountsDifferentMapsPerExampleWithMinusZeroEqualToZero() {
        // three settings, two examples of 1×1×2 values each
        INDArray s0 = Nd4j.create(new double[] {0, 1, 1, 2}, new long[] {2, 1, 1, 2}, 'c');
        INDArray s1 = Nd4j.create(new double[] {-0.0, 1, 1, 3}, new long[] {2, 1, 1, 2}, 'c');
        INDArray s2 = s0.dup();
        // example 0: [0, 1] = [−0, 1] = [0, 1], one map; example 1: [1, 2], [1, 3], [1, 2], two maps
        assertArrayEquals(new double[] {1, 2}, ThresholdSweeps.distinctMaps(List.of(s0, s1, s2)), 0);
        assertArrayEquals(new double[] {1, 1}, ThresholdSweeps.distinctMaps(List.of(s1)), 0);
        assertEquals(1, ThresholdSweeps.sameMaps(s1, s0), "only example 0 keeps the reference's map");
        assertEquals(2, ThresholdSweeps.sameMaps(s2, s0));
        assertEquals(2, ThresholdSweeps.sameMaps(s0.castTo(DataType.FLOAT), s0), "the same values in float");
        INDArray undefined = Nd4j.create(new double[] {Double.NaN, 1, 1, 2}, new long[] {2, 1, 1, 2}, 'c');
        assertEquals(1, ThresholdSweeps.sameMaps(undefined, undefined), "a map with NaN equals no map");
        assertArrayEquals(new double[] {2, 1}, ThresholdSweeps.distinctMaps(List.of(undefined, undefined)), 0);
    }

    @Test
    void aThresholdSweepRejectsNoSettingsAndMismatchedShapes() {
        INDArray maps = Nd4j.zeros(DataType.DOUBLE, 2, 1, 1, 2);
        INDArray other = Nd4j.zeros(DataType.DOUBLE, 3, 1, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> ThresholdSweeps.distinctMaps(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ThresholdSweeps.distinctMaps(List.of(maps, other)));
        assertThrows(IllegalArgumentException.class, () -> ThresholdSweeps.sameMaps(maps, other));
    }
}
