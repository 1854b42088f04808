package org.dl4jsaliency.spark;

import org.dl4jsaliency.MethodSpec;
import org.dl4jsaliency.audit.AuditConfig;
import org.dl4jsaliency.engine.Precision;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.Occlusion;
import org.dl4jsaliency.probes.InputSpace;

import java.io.Serializable;
import java.util.List;

/**
 * What every task needs to explain images as the audit does, taken from an audit configuration on the
 * driver and shipped to the executors with the tasks: the methods, the model's input shape, the declared
 * preprocessing, the explained class, the occlusion reference the zero-point mass needs, the precision,
 * the batch size and whether maps are written.
 *
 * @param methods    method specs ({@code name:k=v}), also the rows' method labels
 * @param inputShape the model's input [channels, height, width]; images are resized to it
 * @param range      the preprocessing's [lo, hi], or null when {@code mean}/{@code std} are given
 * @param mean       per-channel means over raw pixels, or null
 * @param std        per-channel standard deviations over raw pixels, or null
 * @param maxPixel   the raw pixel maximum for mean/std
 * @param target     the explained class, or null for each image's predicted class
 * @param window     the occlusion reference's window in pixels
 * @param stride     the occlusion reference's stride in pixels
 * @param fill       the display intensity the reference fills occluded windows with
 * @param precision  {@code model}, {@code float} or {@code double}
 * @param batch      images explained per pass
 * @param maps       whether rows carry the map
 */
public record ExplainSettings(List<String> methods, int[] inputShape, double[] range, double[] mean, double[] std,
                              double maxPixel, Integer target, int window, int stride, double fill, String precision,
                              int batch, boolean maps) implements Serializable {

    public ExplainSettings {
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("no method to explain with");
        }
        methods.forEach(MethodSpec::parse);
        if (inputShape == null || inputShape.length != 3 || (inputShape[0] != 1 && inputShape[0] != 3)) {
            throw new IllegalArgumentException("images feed models of input [1 or 3, height, width], got "
                    + java.util.Arrays.toString(inputShape));
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        Precision.parse(precision);
        space();
    }

    /**
     * The settings of {@code config} (a copy gets the scaled defaults for its input shape, as the audit
     * does), explaining {@code batch} images per pass.
     *
     * @throws IllegalArgumentException when the configuration declares no input shape or no methods
     */
    public static ExplainSettings of(AuditConfig config, int batch, boolean maps) {
        AuditConfig c = config.copy();
        if (c.model == null || c.model.inputShape == null) {
            throw new IllegalArgumentException("configuration field 'model.inputShape' is needed to resize the images");
        }
        if (c.methods == null) {
            throw new IllegalArgumentException("configuration field 'methods' is missing");
        }
        int[] shape = c.model.inputShape.stream().mapToInt(Integer::intValue).toArray();
        c.applyScaledDefaults(shape[1], shape[2]);
        AuditConfig.Preprocessing p = c.preprocessing == null ? new AuditConfig.Preprocessing() : c.preprocessing;
        return new ExplainSettings(c.methods, shape, p.range == null ? null : doubles(p.range),
                p.mean == null ? null : doubles(p.mean), p.std == null ? null : doubles(p.std),
                p.maxPixel == null ? 1 : p.maxPixel, c.target, c.reference.window, c.reference.stride,
                c.reference.fill, c.precision, batch, maps);
    }

    /** These settings with other methods (the command line's {@code --method}). */
    public ExplainSettings withMethods(List<String> specs) {
        return new ExplainSettings(specs, inputShape, range, mean, std, maxPixel, target, window, stride, fill,
                precision, batch, maps);
    }

    /** The declared preprocessing (as the audit reads it: mean/std, else the range, else [0, 1]). */
    public InputSpace space() {
        if (mean != null) {
            if (std == null) {
                throw new IllegalArgumentException("preprocessing 'mean' needs 'std'");
            }
            return InputSpace.meanStd(mean, std, maxPixel);
        }
        return range == null ? InputSpace.range(0, 1) : InputSpace.range(range[0], range[1]);
    }

    /** The occlusion reference the zero-point set is taken from (docs/algorithms.md §5.3), as the audit builds it. */
    public AttributionMethod reference() {
        InputSpace space = space();
        double[] values = new double[inputShape[0]];
        for (int c = 0; c < values.length; c++) {
            values[c] = space.toModel(fill, c);
        }
        return Occlusion.builder().window(window).stride(stride).values(values).build();
    }

    /** The display intensity each channel sees as zero. */
    public double[] zeroPoint() {
        InputSpace space = space();
        double[] z = new double[inputShape[0]];
        for (int c = 0; c < z.length; c++) {
            z[c] = space.zeroPoint(c);
        }
        return z;
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
