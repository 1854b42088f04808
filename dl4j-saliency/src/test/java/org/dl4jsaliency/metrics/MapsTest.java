package org.dl4jsaliency.metrics;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Channel sums of NCHW arrays against hand-summed values (all small integers: exact). */
class MapsTest {

    /** [2, 3, 2, 2] with value n·100 + c·10 + (h·2 + w): every entry readable from its index. */
    private static INDArray indexed(DataType type) {
        double[] data = new double[2 * 3 * 2 * 2];
        int i = 0;
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 2; h++) {
                    for (int w = 0; w < 2; w++) {
                        data[i++] = n * 100 + c * 10 + h * 2 + w;
                    }
                }
            }
        }
        return Nd4j.create(data, new long[] {2, 3, 2, 2}, DataType.DOUBLE).castTo(type);
    }

    @Test
    void channelSumOfEachExample() {
        // example 0: Σ_c (10c + p) = 30 + 3p for pixel index p = 2h + w → 30, 33 / 36, 39
        double[][] s0 = Maps.channelSum(indexed(DataType.DOUBLE), 0);
        assertArrayEquals(new double[] {30, 33}, s0[0], 0.0);
        assertArrayEquals(new double[] {36, 39}, s0[1], 0.0);
        // example 1: + 3·100 → 330, 333 / 336, 339
        double[][] s1 = Maps.channelSum(indexed(DataType.DOUBLE), 1);
        assertArrayEquals(new double[] {330, 333}, s1[0], 0.0);
        assertArrayEquals(new double[] {336, 339}, s1[1], 0.0);
    }

    @Test
    void channelSumOfFloatInputIsExactForSmallIntegers() {
        double[][] s1 = Maps.channelSum(indexed(DataType.FLOAT), 1);
        assertArrayEquals(new double[] {330, 333}, s1[0], 0.0);
        assertArrayEquals(new double[] {336, 339}, s1[1], 0.0);
    }

    @Test
    void channelSumOfNonSquareMap() {
        // [1, 2, 2, 3]: channel 0 = 1..6, channel 1 = −(1..6)·2 → sum = −(1..6)
        double[] data = {1, 2, 3, 4, 5, 6, -2, -4, -6, -8, -10, -12};
        double[][] s = Maps.channelSum(Nd4j.create(data, new long[] {1, 2, 2, 3}, DataType.DOUBLE), 0);
        assertEquals(2, s.length);
        assertArrayEquals(new double[] {-1, -2, -3}, s[0], 0.0);
        assertArrayEquals(new double[] {-4, -5, -6}, s[1], 0.0);
    }

    @Test
    void rejectsNonRank4() {
        assertThrows(IllegalArgumentException.class, () -> Maps.channelSum(Nd4j.zeros(DataType.DOUBLE, 2, 3, 4), 0));
    }

    @Test
    void flattenIsRowMajor() {
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Maps.flatten(new double[][] {{1, 2, 3}, {4, 5, 6}}), 0.0);
    }
}
