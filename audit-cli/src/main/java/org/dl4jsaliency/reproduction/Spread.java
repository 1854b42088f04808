package org.dl4jsaliency.reproduction;

/**
 * A per-image number summarised over images: mean, sample standard deviation, minimum and maximum of
 * its finite values; {@code n} of the {@code total} images had one (an all-zero map has no share).
 */
public record Spread(double mean, double sd, double min, double max, int n, int total) {

    /** The spread of {@code values}, ignoring NaN; all NaN gives NaN statistics and n = 0. */
    public static Spread of(double[] values) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                n++;
            }
        }
        if (n == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, values.length);
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new Spread(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min, max, n, values.length);
    }
}
