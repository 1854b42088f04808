package org.dl4jsaliency.methods;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Canonical method names (the same in the API, the CLI's {@code --method}, configurations and
 * reports) and their construction from {@code name=value} parameters. Adding a method is one class
 * and one {@link #register} call.
 */
public final class MethodRegistry {
    public static final String GRADIENT = "gradient";
    public static final String GRADIENT_X_INPUT = "gradient-x-input";
    public static final String RECTGRAD = "rectgrad";
    public static final String NOBIAS_RECTGRAD = "nobias-rectgrad";
    public static final String GUIDED_BACKPROP = "guided-backprop";
    public static final String DECONVNET = "deconvnet";
    public static final String INTEGRATED_GRADIENTS = "integrated-gradients";
    public static final String SMOOTHGRAD = "smoothgrad";
    public static final String SMOOTHGRAD_SQUARED = "smoothgrad-squared";
    public static final String VARGRAD = "vargrad";
    public static final String GRADCAM = "gradcam";
    public static final String GUIDED_GRADCAM = "guided-gradcam";
    public static final String OCCLUSION = "occlusion";

    private static final Map<String, Entry> METHODS = new LinkedHashMap<>();

    private record Entry(Set<String> params, Function<Params, AttributionMethod> factory) {
    }

    static {
        register(GRADIENT, Set.of("multiply-input"), p -> new Gradient(p.bool("multiply-input", false)));
        register(GRADIENT_X_INPUT, Set.of("multiply-input"), p -> new Gradient(p.bool("multiply-input", true)));
        Set<String> rect = Set.of("q", "tau", "padding-trick", "prr", "multiply-input");
        register(RECTGRAD, rect, p -> rectGrad(p, true));
        register(NOBIAS_RECTGRAD, rect, p -> rectGrad(p, false));
        register(GUIDED_BACKPROP, Set.of(), p -> new GuidedBackprop());
        register(DECONVNET, Set.of(), p -> new Deconvnet());
        LrpPresets.registerAll();
        register(INTEGRATED_GRADIENTS, IntegratedGradients.PARAMETERS, IntegratedGradients::fromParams);
        register(SMOOTHGRAD, SmoothGrad.PARAMETERS, p -> SmoothGrad.fromParams(p, SmoothGrad.Aggregate.MEAN));
        register(SMOOTHGRAD_SQUARED, SmoothGrad.PARAMETERS,
                p -> SmoothGrad.fromParams(p, SmoothGrad.Aggregate.MEAN_OF_SQUARES));
        register(VARGRAD, SmoothGrad.PARAMETERS, p -> SmoothGrad.fromParams(p, SmoothGrad.Aggregate.VARIANCE));
        register(GRADCAM, GradCam.PARAMETERS, GradCam::fromParams);
        register(GUIDED_GRADCAM, GradCam.PARAMETERS, p -> new GuidedGradCam(GradCam.fromParams(p)));
        register(OCCLUSION, Occlusion.PARAMETERS, Occlusion::fromParams);
    }

    private MethodRegistry() {
    }

    /**
     * Registers a method under its canonical name.
     *
     * @param params  the parameter names it accepts; a name ending in {@code .*} accepts every
     *                parameter with that prefix (SmoothGrad's {@code base.*} for its base method)
     * @param factory builds it from parameters
     */
    public static synchronized void register(String name, Set<String> params, Function<Params, AttributionMethod> factory) {
        METHODS.put(name, new Entry(Set.copyOf(params), factory));
    }

    /** The registered canonical names, in registration order. */
    public static synchronized Set<String> names() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(METHODS.keySet()));
    }

    /** Builds a method with default parameters. */
    public static AttributionMethod create(String name) {
        return create(name, Map.of());
    }

    /**
     * Builds a method from {@code name=value} parameters.
     *
     * @throws IllegalArgumentException for an unknown method or parameter, or a bad value
     */
    public static AttributionMethod create(String name, Map<String, String> params) {
        Entry e;
        synchronized (MethodRegistry.class) {
            e = METHODS.get(name);
        }
        if (e == null) {
            throw new IllegalArgumentException("Unknown method '" + name + "'; known methods: " + names());
        }
        Set<String> unknown = new HashSet<>(params.keySet());
        unknown.removeAll(e.params());
        unknown.removeIf(key -> e.params().stream()
                .anyMatch(p -> p.endsWith(".*") && key.startsWith(p.substring(0, p.length() - 1))));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Method '" + name + "' has no parameter(s) " + new TreeMap<>(
                    Map.copyOf(params)).keySet().stream().filter(unknown::contains).toList()
                    + "; it accepts " + (e.params().isEmpty() ? "none" : new java.util.TreeSet<>(e.params())));
        }
        return e.factory().apply(new Params(name, params));
    }

    private static AttributionMethod rectGrad(Params p, boolean multiplyDefault) {
        RectifiedGradient.Builder b = RectifiedGradient.builder()
                .paddingTrick(p.bool("padding-trick", true))
                .proportionalRedistribution(p.bool("prr", false))
                .multiplyInput(p.bool("multiply-input", multiplyDefault));
        if (p.has("q") && p.has("tau")) {
            throw new IllegalArgumentException("Method '" + p.method + "': give either q or tau, not both");
        }
        if (p.has("q")) {
            b.q(p.number("q"));
        }
        if (p.has("tau")) {
            b.threshold(p.number("tau"));
        }
        return b.build();
    }

    /** Typed access to {@code name=value} parameters, with errors that name the parameter. */
    public static final class Params {
        private final String method;
        private final Map<String, String> values;

        Params(String method, Map<String, String> values) {
            this.method = method;
            this.values = Map.copyOf(values);
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
            String lower = v.trim().toLowerCase(java.util.Locale.ROOT);
            if (!java.util.Arrays.asList(allowed).contains(lower)) {
                throw new IllegalArgumentException("Method '" + method + "': parameter " + key + "=" + v
                        + " is not one of " + java.util.Arrays.toString(allowed));
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
            return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new IllegalArgumentException("Method '" + method + "': parameter " + key + "="
                        + v + " is not a boolean (true/false)");
            };
        }
    }
}
