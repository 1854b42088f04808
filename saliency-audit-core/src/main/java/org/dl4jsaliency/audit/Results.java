package org.dl4jsaliency.audit;

import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Threshold;

import java.util.Map;

/** Builds the result of one (check, method): the verdict follows from the number and the threshold. */
final class Results {
    private Results() {
    }

    static CheckResult of(String check, String method, double value, Threshold threshold, String detail,
                          Map<String, Double> components) {
        return new CheckResult(check, method, Double.isNaN(value) ? null : value, threshold.judge(value), threshold,
                detail, components);
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
