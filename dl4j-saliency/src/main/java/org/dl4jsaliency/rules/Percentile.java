package org.dl4jsaliency.rules;

/**
 * The percentile used by Rectified Gradient thresholds, exactly as the reference implementation
 * (Kim et al. 2019) computes it with 'nearest' interpolation: sort the n scores in descending order
 * and take the element at index {@code round((n − 1) · (1 − q / 100))}, computed in double precision
 * with round-half-to-even.
 */
public final class Percentile {
    private Percentile() {
    }

    /** Index into the descending order that {@link #nearestRank} picks for n values. */
    public static int descendingIndex(int n, double q) {
        checkQ(q);
        if (n < 1) {
            throw new IllegalArgumentException("Percentile of an empty set of scores");
        }
        return (int) Math.rint((n - 1) * (1.0 - q / 100.0));
    }

    /**
     * The q-th percentile of {@code values} by the reference's nearest-rank rule. {@code values} is
     * left untouched. Runs in linear expected time (selection, not a full sort).
     */
    public static double nearestRank(double[] values, double q) {
        int k = descendingIndex(values.length, q);
        double[] a = values.clone();
        // The k-th largest is the (n-1-k)-th smallest.
        return select(a, values.length - 1 - k);
    }

    private static void checkQ(double q) {
        if (!(q >= 0 && q <= 100)) {
            throw new IllegalArgumentException("Percentile q must be in [0, 100], got " + q);
        }
    }

    /** Hoare-style quickselect: the element that would sit at index k of the ascending sort. */
    private static double select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            double pivot = median3(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double median3(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
