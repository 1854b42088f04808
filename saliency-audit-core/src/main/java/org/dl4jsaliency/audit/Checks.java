package org.dl4jsaliency.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of checks, in the order an audit runs and reports them. */
final class Checks {
    private static final Map<String, Supplier<Check>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put(ProbeSweepCheck.NAME, ProbeSweepCheck::new);
        REGISTRY.put(ZeroPointCheck.NAME, ZeroPointCheck::new);
        REGISTRY.put(ReEncodingCheck.NAME, ReEncodingCheck::new);
        REGISTRY.put(IntensityCorrelationCheck.NAME, IntensityCorrelationCheck::new);
        REGISTRY.put(RandomisationCheck.NAME, RandomisationCheck::new);
    }

    /** Every check name, in run order. */
    static final List<String> NAMES = List.copyOf(REGISTRY.keySet());

    private Checks() {
    }

    static Check create(String name) {
        Supplier<Check> s = REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown check '" + name + "'; checks are " + NAMES);
        }
        return s.get();
    }
}
