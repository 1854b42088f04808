package org.dl4jsaliency.audit;

/** The checks' averages over images and transforms, ignoring NaN (an image with nothing to measure). */
final class Results {
    private Results() {
    }

    static double mean(double[] values) {
        double s = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    static double std(double[] values) {
        double m = mean(values);
        double s = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                s += (v - m) * (v - m);
                n++;
            }
        }
        return n < 2 ? 0 : Math.sqrt(s / (n - 1));
    }
}
