package org.dl4jsaliency;

import org.dl4jsaliency.methods.AttributionMethod;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A method as written in configurations, on the command line and in listener settings: a canonical
 * name ({@link MethodRegistry}) and {@code name=value} parameters, spelled {@code name} or
 * {@code name:key=value,key=value}.
 *
 * <pre>{@code
 * MethodSpec spec = MethodSpec.parse("rectgrad:q=90");   // name "rectgrad", params {q=90}
 * AttributionMethod m = spec.create();
 * }</pre>
 *
 * @param name   the canonical name, trimmed
 * @param params the parameters in the order written
 */
public record MethodSpec(String name, Map<String, String> params) {
    public MethodSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a method spec needs a method name");
        }
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Parses {@code name} or {@code name:key=value,key=value}.
     *
     * @throws IllegalArgumentException naming the part that is not {@code key=value}
     */
    public static MethodSpec parse(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("method spec is null");
        }
        int colon = spec.indexOf(':');
        String name = (colon >= 0 ? spec.substring(0, colon) : spec).trim();
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : spec.substring(colon + 1).split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("method parameter '" + kv + "' in '" + spec
                            + "' is not name=value");
                }
                params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("method spec '" + spec + "' has no method name");
        }
        return new MethodSpec(name, params);
    }

    /** The method, built by the registry. */
    public AttributionMethod create() {
        return MethodRegistry.create(name, params);
    }

    /** The method with {@code defaults} for the parameters this spec does not set. */
    public AttributionMethod create(Map<String, String> defaults) {
        Map<String, String> all = new LinkedHashMap<>(defaults);
        all.putAll(params);
        return MethodRegistry.create(name, all);
    }

    /** The spec as written: {@code name} or {@code name:key=value,...}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name);
        String sep = ":";
        for (Map.Entry<String, String> e : params.entrySet()) {
            s.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return s.toString();
    }
}
