package org.dl4jsaliency.report;

import java.util.Map;

/**
 * One method under one check: the check's number ({@code null} when not applicable), its verdict
 * against the configured threshold, a one-line explanation, and named components (per transform,
 * per image, spread) that went into the number.
 */
public record CheckResult(String check, String method, Double value, Verdict verdict, Threshold threshold,
                          String detail, Map<String, Double> components) {
}
