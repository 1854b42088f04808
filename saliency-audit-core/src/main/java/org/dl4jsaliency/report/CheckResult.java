package org.dl4jsaliency.report;

import java.util.Map;

/**
 * One method under one check: the check's number ({@code null} when not applicable), its verdict
 * against the configured threshold, a one-line explanation, and named components (per transform,
 * per image, spread) that went into the number.
 */
public record CheckResult(String check, String method, Double value, Verdict verdict, Threshold threshold,
                          String detail, Map<String, Double> components) {

    /** The result whose verdict follows from {@code value} and {@code threshold}; NaN is not applicable. */
    public static CheckResult judged(String check, String method, double value, Threshold threshold, String detail,
                                     Map<String, Double> components) {
        return new CheckResult(check, method, Double.isNaN(value) ? null : value, threshold.judge(value), threshold,
                detail, components);
    }
}
