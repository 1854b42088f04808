package org.dl4jsaliency.measures;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Intensity correlation (docs/algorithms.md §5.5) against numbers worked by hand. */
class IntensityCorrelationTest {

    @Test
    void rhoIsSpearmanOfTheMagnitudeAndTheDistanceFromTheZeroPoint() {
        // |A| = [1, 2, 0, 4] ranks [2, 3, 1, 4]; |I − 0| = [0, 0.5, 1, 0.25] ranks [1, 3, 4, 2].
        // Deviations from 2.5: [−0.5, 0.5, −1.5, 1.5] and [−1.5, 0.5, 1.5, −0.5]: Σ products −2, Σ squares 5 each.
        INDArray map = Nd4j.createFromArray(new float[][][][] {{{{1, -2}, {0, 4}}}});
        INDArray display = Nd4j.createFromArray(new double[][][][] {{{{0, 0.5}, {1, 0.25}}}});
        assertEquals(-0.4, IntensityCorrelation.of(map, display, 0, new double[] {0}), 1e-15);
    }

    @Test
    void aMapThatCopiesTheDistanceScoresOne() {
        INDArray display = Nd4j.createFromArray(new double[][][][] {{{{0, 0.5}, {1, 0.25}}}});
        INDArray map = Nd4j.createFromArray(new double[][][][] {{{{-0.5, 0}, {0.5, -0.25}}}});
        // z0 = 0.5: the distances [0.5, 0, 0.5, 0.25] are the map's magnitudes.
        assertEquals(1.0, IntensityCorrelation.of(map, display, 0, new double[] {0.5}), 1e-15);
    }

    @Test
    void theDistanceIsTheChannelMeanOfEachChannelsDistance() {
        INDArray display = Nd4j.createFromArray(new double[][][][] {{{{0, 1}}, {{0.2, 0.4}}}});
        // (|0 − 0.5| + |0.2 − 0|) / 2 = 0.35, (|1 − 0.5| + |0.4 − 0|) / 2 = 0.45
        assertArrayEquals(new double[] {0.35, 0.45},
                IntensityCorrelation.distanceFromZero(display, 0, new double[] {0.5, 0})[0], 1e-15);
        assertThrows(IllegalArgumentException.class,
                () -> IntensityCorrelation.distanceFromZero(display, 0, new double[] {0.5}));
    }
}
