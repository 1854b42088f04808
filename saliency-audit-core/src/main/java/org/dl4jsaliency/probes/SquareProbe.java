package org.dl4jsaliency.probes;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * The decisive pattern of the dark/bright probe sweep (docs/algorithms.md §5.2): a square of side
 * {@code size} at a seeded position, filled with one intensity v in every channel, on a fixed
 * background (a uniform level plus seeded noise of amplitude {@code noise}, clipped to [0, 1]). The same
 * position and background are rendered at every level, so the pattern's intensity is the only change.
 */
public final class SquareProbe {
    private final int top;
    private final int left;
    private final int size;
    private final double[][][] background;

    private SquareProbe(int top, int left, int size, double[][][] background) {
        this.top = top;
        this.left = left;
        this.size = size;
        this.background = background;
    }

    /**
     * A probe for images of {@code channels × height × width}; the square keeps a margin of
     * {@code margin} pixels from the border (so that padding effects stay away from it).
     */
    public static SquareProbe random(int channels, int height, int width, int size, int margin, double level,
                                     double noise, Random rng) {
        if (size < 1 || size + 2 * margin > Math.min(height, width)) {
            throw new IllegalArgumentException("probe square of " + size + " px with a margin of " + margin
                    + " px does not fit a " + height + "x" + width + " input");
        }
        int top = margin + rng.nextInt(height - size - 2 * margin + 1);
        int left = margin + rng.nextInt(width - size - 2 * margin + 1);
        double[][][] bg = new double[channels][height][width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                double v = clip(level + noise * (2 * rng.nextDouble() - 1));
                for (int ch = 0; ch < channels; ch++) {
                    bg[ch][r][c] = v;
                }
            }
        }
        return new SquareProbe(top, left, size, bg);
    }

    /** The region M: the square's pixels. */
    public boolean[][] mask() {
        boolean[][] m = new boolean[background[0].length][background[0][0].length];
        for (int r = top; r < top + size; r++) {
            for (int c = left; c < left + size; c++) {
                m[r][c] = true;
            }
        }
        return m;
    }

    /** The probe with the square at intensity {@code v} in every channel, as display intensities [C, H, W]. */
    public INDArray render(double v) {
        double[] perChannel = new double[background.length];
        java.util.Arrays.fill(perChannel, v);
        return render(perChannel);
    }

    /** The probe with the square at intensity {@code v[c]} in channel c (e.g. each channel's zero point). */
    public INDArray render(double[] v) {
        int channels = background.length;
        int height = background[0].length;
        int width = background[0][0].length;
        double[] data = new double[channels * height * width];
        int i = 0;
        for (int ch = 0; ch < channels; ch++) {
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    boolean inside = r >= top && r < top + size && c >= left && c < left + size;
                    data[i++] = inside ? v[ch] : background[ch][r][c];
                }
            }
        }
        return Nd4j.create(data, new long[] {channels, height, width}, DataType.DOUBLE);
    }

    private static double clip(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
