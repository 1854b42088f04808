package org.dl4jsaliency.probes;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Smooth images: each channel plane is stretched to span [0, 1] exactly — (hi − lo)/(hi − lo) is exactly
 * 1 and (lo − lo)/(hi − lo) exactly 0 in IEEE arithmetic, so min and max are compared with no tolerance.
 */
class SmoothImagesTest {

    @Test
    void everyPlaneSpansTheUnitIntervalExactly() {
        INDArray x = SmoothImages.generate(4, 3, 9, 11, new Random(5));
        assertArrayEquals(new long[] {4, 3, 9, 11}, x.shape());
        for (int n = 0; n < 4; n++) {
            for (int c = 0; c < 3; c++) {
                INDArray plane = x.get(NDArrayIndex.point(n), NDArrayIndex.point(c));
                assertEquals(0.0, plane.minNumber().doubleValue(), 0.0, n + "/" + c);
                assertEquals(1.0, plane.maxNumber().doubleValue(), 0.0, n + "/" + c);
            }
        }
    }

    @Test
    void planesDifferAcrossChannelsAndExamples() {
        INDArray x = SmoothImages.generate(2, 2, 8, 8, new Random(5));
        double[] a = x.get(NDArrayIndex.point(0), NDArrayIndex.point(0)).ravel().toDoubleVector();
        double[] b = x.get(NDArrayIndex.point(0), NDArrayIndex.point(1)).ravel().toDoubleVector();
        double[] c = x.get(NDArrayIndex.point(1), NDArrayIndex.point(0)).ravel().toDoubleVector();
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void smoothNeighboursAreClose() {
        // at most 2.5 cycles per image side: over 32 px a wave changes by at most 2π·2.5/32 ≈ 0.5 of its
        // amplitude per pixel, and the sum of 6 such waves, stretched to [0, 1], moves far less per step
        // on average than independent uniform pixels (mean |U − U'| = 1/3); 0.15 separates the two
        INDArray x = SmoothImages.generate(3, 1, 32, 32, new Random(2));
        for (int n = 0; n < 3; n++) {
            double sum = 0;
            int count = 0;
            for (int r = 0; r < 32; r++) {
                for (int col = 0; col + 1 < 32; col++) {
                    sum += Math.abs(x.getDouble(n, 0, r, col + 1) - x.getDouble(n, 0, r, col));
                    count++;
                }
            }
            double meanStep = sum / count;
            assertTrue(meanStep < 0.15, "mean horizontal step " + meanStep);
        }
    }

    @Test
    void deterministicForASeed() {
        assertArrayEquals(SmoothImages.generate(2, 3, 7, 5, new Random(123)).data().asDouble(),
                SmoothImages.generate(2, 3, 7, 5, new Random(123)).data().asDouble(), 0.0);
        assertFalse(Arrays.equals(SmoothImages.generate(2, 3, 7, 5, new Random(123)).data().asDouble(),
                SmoothImages.generate(2, 3, 7, 5, new Random(124)).data().asDouble()));
    }
}
