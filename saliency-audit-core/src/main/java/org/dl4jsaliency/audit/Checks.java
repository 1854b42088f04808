package org.dl4jsaliency.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of checks, in the order an audit runs and reports them. */
final class Checks {
    /**
     * A check's name in configurations and reports, which side of the thresholds passes, and how to
     * make one.
     *
     * @param higherIsBetter whether a larger number is better (how the configured thresholds are read)
     */
    record Entry(String name, boolean higherIsBetter, Supplier<Check> factory) {
    }

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        register(new Entry(ProbeSweepCheck.NAME, true, ProbeSweepCheck::new));
        register(new Entry(ZeroPointCheck.NAME, true, ZeroPointCheck::new));
        register(new Entry(ReEncodingCheck.NAME, false, ReEncodingCheck::new));
        register(new Entry(IntensityCorrelationCheck.NAME, false, IntensityCorrelationCheck::new));
        register(new Entry(RandomisationCheck.NAME, false, RandomisationCheck::new));
    }

    /** Every check name, in run order. */
    static final List<String> NAMES = List.copyOf(REGISTRY.keySet());

    private Checks() {
    }

    private static void register(Entry e) {
        REGISTRY.put(e.name(), e);
    }

    /** The entry of check {@code name}. */
    static Entry entry(String name) {
        Entry e = REGISTRY.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown check '" + name + "'; checks are " + NAMES);
        }
        return e;
    }
}
