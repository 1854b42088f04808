package org.dl4jsaliency.probes;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Locale;

/**
 * The declared input preprocessing: how a display intensity I in [0, 1] (per channel) becomes the
 * value x the model sees, x_c = scale_c · I + offset_c. A value range [lo, hi] gives scale hi − lo and
 * offset lo; per-channel mean and std over raw pixels in [0, maxPixel] give
 * scale maxPixel / std_c and offset −mean_c / std_c. The zero point (the display intensity the model
 * sees as 0, where every x ⊙ g method is blind) and the pixel bounds used by zB follow from it.
 * Arrays are NCHW.
 */
public final class InputSpace {
    private final double[] scale;
    private final double[] offset;
    private final String description;

    private InputSpace(double[] scale, double[] offset, String description) {
        for (int c = 0; c < scale.length; c++) {
            if (!(scale[c] > 0) || !Double.isFinite(scale[c]) || !Double.isFinite(offset[c])) {
                throw new IllegalArgumentException("preprocessing for channel " + c + " must map [0,1] to an "
                        + "increasing finite range; got scale " + scale[c] + ", offset " + offset[c]);
            }
        }
        this.scale = scale;
        this.offset = offset;
        this.description = description;
    }

    /** Inputs in [lo, hi] for every channel, e.g. [0, 1], [0, 255] or [−1, 1]. */
    public static InputSpace range(double lo, double hi) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("value range must have hi > lo, got [" + lo + ", " + hi + "]");
        }
        return new InputSpace(new double[] {hi - lo}, new double[] {lo},
                String.format(Locale.ROOT, "range [%s, %s]", num(lo), num(hi)));
    }

    /** x_c = (p − mean_c) / std_c over raw pixels p in [0, maxPixel] (e.g. 255 or 1). */
    public static InputSpace meanStd(double[] mean, double[] std, double maxPixel) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need the same number of channels, got "
                    + mean.length + " and " + std.length);
        }
        double[] s = new double[mean.length];
        double[] o = new double[mean.length];
        for (int c = 0; c < mean.length; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("std for channel " + c + " must be positive, got " + std[c]);
            }
            s[c] = maxPixel / std[c];
            o[c] = -mean[c] / std[c];
        }
        return new InputSpace(s, o, "mean " + Arrays.toString(mean) + " std " + Arrays.toString(std)
                + " over pixels in [0, " + num(maxPixel) + "]");
    }

    public String description() {
        return description;
    }

    /** Channels this space declares (1 means: the same for every channel). */
    public int channels() {
        return scale.length;
    }

    public double scale(int channel) {
        return scale[pick(channel)];
    }

    public double offset(int channel) {
        return offset[pick(channel)];
    }

    /** The display intensity in channel {@code channel} that the model sees as 0 (may lie outside [0, 1]). */
    public double zeroPoint(int channel) {
        return -offset(channel) / scale(channel);
    }

    /** The model value of display intensity 0 (zB's lower bound). */
    public double low(int channel) {
        return offset(channel);
    }

    /** The model value of display intensity 1 (zB's upper bound). */
    public double high(int channel) {
        return offset(channel) + scale(channel);
    }

    /**
     * The smallest box [low, high] that holds every channel's model values of display intensities 0…1: zB's
     * pixel bounds. With per-channel preprocessing (ImageNet's mean/std) it encloses all channels' ranges,
     * looser than per-channel bounds but still true of every pixel, where the library's default [0, 1]
     * would not be.
     */
    public double[] enclosingBox() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < channels(); c++) {
            lo = Math.min(lo, Math.min(low(c), high(c)));
            hi = Math.max(hi, Math.max(low(c), high(c)));
        }
        return new double[] {lo, hi};
    }

    /** The model value of display intensity {@code display} in channel {@code channel}. */
    public double toModel(double display, int channel) {
        return scale(channel) * display + offset(channel);
    }

    /** Display intensity → model input, a new array of {@code type}. */
    public INDArray toModel(INDArray displayNchw, DataType type) {
        INDArray x = displayNchw.castTo(type).dup('c');
        for (int c = 0; c < x.size(1); c++) {
            INDArray ch = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c));
            ch.muli(scale(c)).addi(offset(c));
        }
        return x;
    }

    /** Model input → display intensity (not clipped), a new double array. */
    public INDArray toDisplay(INDArray modelNchw) {
        INDArray d = modelNchw.castTo(DataType.DOUBLE).dup('c');
        for (int c = 0; c < d.size(1); c++) {
            INDArray ch = d.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c));
            ch.subi(offset(c)).divi(scale(c));
        }
        return d;
    }

    private int pick(int channel) {
        if (scale.length == 1) {
            return 0;
        }
        if (channel < 0 || channel >= scale.length) {
            throw new IllegalArgumentException("preprocessing declares " + scale.length + " channels; the input has "
                    + "channel " + channel);
        }
        return channel;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return description;
    }
}
