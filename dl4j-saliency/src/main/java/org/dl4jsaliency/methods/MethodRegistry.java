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
    }

    private MethodRegistry() {
    }

    /**
     * Registers a method under its canonical name.
     *
     * @param params  the parameter names it accepts
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
