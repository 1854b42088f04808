package org.dl4jsaliency.report;

import java.util.List;
import java.util.Map;

/**
 * What was audited and how: the configuration (its source and the effective values after command-line
 * overrides), the model and the SHA-256 of its file (or the zoo recipe), the preprocessing, the
 * floating point type the maps were computed in ({@code precision}) and the model's own
 * ({@code modelPrecision}), both as {@code Precision.labelOf} writes them, seed, software versions,
 * start time (ISO-8601) and duration.
 */
public record RunInfo(String configName, String configSource, Map<String, Object> configuration, String model,
                      String modelSha256, String preprocessing, List<Long> inputShape, String precision,
                      String modelPrecision, long seed, Map<String, String> versions, String startedAt,
                      double durationSeconds) {
}
