package org.dl4jsaliency.audit;

import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.MethodRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/** Method specs as written in configurations and on the command line: {@code name} or {@code name:k=v,k=v}. */
public final class MethodSpecs {
    private MethodSpecs() {
    }

    /** The canonical name of {@code spec}. */
    public static String name(String spec) {
        int colon = spec.indexOf(':');
        return (colon >= 0 ? spec.substring(0, colon) : spec).trim();
    }

    /** The {@code key=value} parameters of {@code spec}, in order. */
    public static Map<String, String> params(String spec) {
        Map<String, String> params = new LinkedHashMap<>();
        int colon = spec.indexOf(':');
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
        return params;
    }

    /** The method {@code spec} names, with {@code defaults} for parameters the spec does not set. */
    public static AttributionMethod create(String spec, Map<String, String> defaults) {
        Map<String, String> params = new LinkedHashMap<>(defaults);
        params.putAll(params(spec));
        return MethodRegistry.create(name(spec), params);
    }
}
