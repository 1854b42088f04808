package org.dl4jsaliency.methods;

import java.util.Set;
import java.util.function.Function;

/**
 * How a method is built under its canonical name from {@code name=value} parameters. Each method class
 * exposes its factories; the registry lists them, so a method never needs the registry.
 *
 * @param name       the canonical name (the same in the API, the CLI, configurations and reports)
 * @param parameters the parameter names it accepts; a name ending in {@code .*} accepts every parameter
 *                   with that prefix (SmoothGrad's {@code base.*} for its base method)
 * @param create     builds the method; throws {@link IllegalArgumentException} for a bad value
 */
public record MethodFactory(String name, Set<String> parameters, Function<MethodParams, AttributionMethod> create) {
    public MethodFactory {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a method factory needs a name");
        }
        parameters = Set.copyOf(parameters);
        if (create == null) {
            throw new IllegalArgumentException("method factory '" + name + "' has no create function");
        }
    }

    /** Whether {@code key} is one of the accepted parameters or falls under an accepted prefix. */
    public boolean accepts(String key) {
        return parameters.contains(key) || parameters.stream()
                .anyMatch(p -> p.endsWith(".*") && key.startsWith(p.substring(0, p.length() - 1)));
    }
}
