package org.dl4jsaliency.probes;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Smooth random images for the intensity-correlation and re-encoding checks: per channel a sum of a
 * few low-frequency plane waves with random direction and phase, stretched to span [0, 1] exactly, so
 * that every intensity (the zero point included) occurs and neighbouring pixels are alike.
 */
public final class SmoothImages {
    private static final int WAVES = 6;
    private static final double MAX_CYCLES = 2.5;

    private SmoothImages() {
    }

    /** {@code count} images [count, C, H, W] in display units. */
    public static INDArray generate(int count, int channels, int height, int width, Random rng) {
        double[] data = new double[count * channels * height * width];
        int i = 0;
        for (int n = 0; n < count; n++) {
            for (int ch = 0; ch < channels; ch++) {
                double[] plane = plane(height, width, rng);
                System.arraycopy(plane, 0, data, i, plane.length);
                i += plane.length;
            }
        }
        return Nd4j.create(data, new long[] {count, channels, height, width}, DataType.DOUBLE);
    }

    private static double[] plane(int height, int width, Random rng) {
        double[] p = new double[height * width];
        for (int w = 0; w < WAVES; w++) {
            double angle = rng.nextDouble() * Math.PI;
            double cycles = 0.5 + rng.nextDouble() * (MAX_CYCLES - 0.5);
            double fy = Math.sin(angle) * cycles / height;
            double fx = Math.cos(angle) * cycles / width;
            double phase = rng.nextDouble() * 2 * Math.PI;
            double amp = 0.5 + rng.nextDouble();
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    p[r * width + c] += amp * Math.cos(2 * Math.PI * (fy * r + fx * c) + phase);
                }
            }
        }
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double v : p) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (int k = 0; k < p.length; k++) {
            p[k] = hi > lo ? (p[k] - lo) / (hi - lo) : 0.5;
        }
        return p;
    }
}
