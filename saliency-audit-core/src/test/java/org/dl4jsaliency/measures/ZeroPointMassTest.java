package org.dl4jsaliency.measures;

import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.probes.InputSpace;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Zero-point mass (docs/algorithms.md §5.3) against numbers worked by hand. */
class ZeroPointMassTest {
    // One channel in [0, 1] (scale 1): zero-point pixels (0,0) (5e-7 ≤ 1e-6), (0,2) and (1,0).
    private static final INDArray INPUT = Nd4j.createFromArray(new double[][][][] {{{{5e-7, 0.5, 0}, {0, 1, 0.2}}}});
    // Reference magnitudes: largest 8, so pixels of at least 2 are used: (0,0), (1,0), (1,1), (1,2).
    private static final INDArray REFERENCE = Nd4j.createFromArray(new double[][][][] {{{{4, 1, 0.5}, {-2, 3, 8}}}});

    @Test
    void theSetIsTheZeroPointPixelsTheReferenceMarksAsUsed() {
        boolean[][] set = ZeroPointMass.usedZeroPixels(INPUT, InputSpace.range(0, 1), REFERENCE, 0);
        assertArrayEquals(new boolean[] {true, false, false}, set[0]);
        assertArrayEquals(new boolean[] {true, false, false}, set[1]);
        assertEquals(2, ZeroPointMass.count(set));
    }

    @Test
    void theMassIsTheSetsLargestChannelMagnitudeSumOverTheImagesLargest() {
        boolean[][] set = ZeroPointMass.usedZeroPixels(INPUT, InputSpace.range(0, 1), REFERENCE, 0);
        // Σ_c |A_c| = [[2, 2, 0], [3, 0, 5]]: the channels of (0,0) do not cancel; on the set max(2, 3) = 3 of 5.
        INDArray map = Nd4j.createFromArray(new float[][][][] {{
                {{1, -2, 0}, {3, 0, 0}},
                {{-1, 0, 0}, {0, 0, 5}}}});
        assertArrayEquals(new double[] {2, 2, 0}, Maps.magnitudeSum(map, 0)[0]);
        assertEquals(0.6, ZeroPointMass.of(Maps.magnitudeSum(map, 0), set), 1e-15);
    }

    @Test
    void anAllZeroMapHasNoMassAndAnInputMultipliedMapHasNone() {
        boolean[][] set = ZeroPointMass.usedZeroPixels(INPUT, InputSpace.range(0, 1), REFERENCE, 0);
        assertEquals(Double.NaN, ZeroPointMass.of(new double[2][3], set));
        // x ⊙ g vanishes wherever x does: 0 on the set.
        assertEquals(0.0, ZeroPointMass.of(new double[][] {{0, 1, 0}, {0, 4, 0.5}}, set));
    }

    @Test
    void theZeroPointToleranceScalesWithThePreprocessing() {
        // range [0, 255]: scale 255, so |x| ≤ 2.55e-4 counts as the zero point.
        INDArray input = Nd4j.createFromArray(new double[][][][] {{{{2e-4, 3e-4}}}});
        INDArray reference = Nd4j.createFromArray(new double[][][][] {{{{1, 1}}}});
        boolean[][] set = ZeroPointMass.usedZeroPixels(input, InputSpace.range(0, 255), reference, 0);
        assertArrayEquals(new boolean[] {true, false}, set[0]);
    }
}
