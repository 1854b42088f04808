package org.dl4jsaliency.methods;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Typed access to a method's {@code name=value} parameters, with errors that name the method and the
 * parameter: what a {@link MethodFactory} reads.
 */
public final class MethodParams {
    private final String method;
    private final Map<String, String> values;
    private final BiFunction<String, Map<String, String>, AttributionMethod> nested;

    /**
     * @param method the method these parameters are for (named in errors)
     * @param values the parameters
     * @param nested builds a method named by a parameter (SmoothGrad's {@code base}) from its name and
     *               parameters: the registry's lookup, so that methods need not know the registry
     */
    public MethodParams(String method, Map<String, String> values,
                        BiFunction<String, Map<String, String>, AttributionMethod> nested) {
        this.method = method;
        this.values = Map.copyOf(values);
        this.nested = nested;
    }

    /** The raw text of a parameter (null if absent). */
    public String text(String key) {
        return values.get(key);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public double number(String key) {
        String v = values.get(key);
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Method '" + method + "': parameter " + key + "=" + v
                    + " is not a finite number");
        }
    }

    /** The method these parameters are for, for error messages. */
    public String method() {
        return method;
    }

    /** A number, or {@code def} when absent; below {@code min} is an error naming the parameter. */
    public double number(String key, double def, double min) {
        if (!has(key)) {
            return def;
        }
        double d = number(key);
        if (d < min) {
            throw new IllegalArgumentException("Method '" + method + "': parameter " + key + "=" + values.get(key)
                    + " must be at least " + min);
        }
        return d;
    }

    /** An integer, or {@code def} when absent; below {@code min} is an error naming the parameter. */
    public int integer(String key, int def, int min) {
        if (!has(key)) {
            return def;
        }
        String v = values.get(key);
        int i;
        try {
            i = Integer.parseInt(v.trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Method '" + method + "': parameter " + key + "=" + v
                    + " is not an integer");
        }
        if (i < min) {
            throw new IllegalArgumentException("Method '" + method + "': parameter " + key + "=" + v
                    + " must be at least " + min);
        }
        return i;
    }

    /** Comma-separated finite numbers, e.g. one value per channel. */
    public double[] numbers(String key) {
        String v = values.get(key);
        String[] parts = v.split(",", -1);
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException ex) {
                out[i] = Double.NaN;
            }
            if (!Double.isFinite(out[i])) {
                throw new IllegalArgumentException("Method '" + method + "': parameter " + key + "=" + v
                        + " is not a comma-separated list of finite numbers");
            }
        }
        return out;
    }

    /** One of {@code allowed} (case-insensitive, returned in lower case), or {@code def} when absent. */
    public String choice(String key, String def, String... allowed) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        String lower = v.trim().toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(lower)) {
            throw new IllegalArgumentException("Method '" + method + "': parameter " + key + "=" + v
                    + " is not one of " + Arrays.toString(allowed));
        }
        return lower;
    }

    /** A non-blank string, or {@code def} when absent. */
    public String string(String key, String def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        if (v.isBlank()) {
            throw new IllegalArgumentException("Method '" + method + "': parameter " + key + " is empty");
        }
        return v.trim();
    }

    /** The parameters whose names start with {@code prefix}, with the prefix removed. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /**
     * The method named by parameter {@code key} ({@code defaultName} when absent), built with the
     * parameters prefixed {@code key.}: SmoothGrad's {@code base=rectgrad,base.q=90}.
     */
    public AttributionMethod method(String key, String defaultName) {
        String name = string(key, defaultName);
        Map<String, String> params = withPrefix(key + ".");
        try {
            return nested.apply(name, params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Method '" + method + "': parameter " + key + "=" + name
                    + (params.isEmpty() ? "" : " with " + key + ".* parameters " + params.keySet()) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Rejects a parameter that has no effect with the other settings. */
    public void rejectUnless(boolean applies, String key, String why) {
        if (!applies && has(key)) {
            throw new IllegalArgumentException("Method '" + method + "': parameter " + key + " " + why);
        }
    }

    public boolean bool(String key, boolean def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("Method '" + method + "': parameter " + key + "="
                    + v + " is not a boolean (true/false)");
        };
    }
}
