package org.dl4jsaliency.rules;

/**
 * One term of an {@link LrpRule}: the layer evaluated on a part of its input with modified parameters,
 * with or without its (equally modified) bias. For z⁺, the terms a⁺·w⁺ + b⁺ and a⁻·w⁻ (no bias) sum to
 * the positive part z⁺ of each unit.
 *
 * @param input      what replaces the layer's input
 * @param parameters what replaces its weights (and its bias, if kept)
 * @param bias       whether the term adds the modified bias
 */
public record Term(InputPart input, ParameterModifier parameters, boolean bias) {
    public Term {
        if (input == null || parameters == null) {
            throw new IllegalArgumentException("a term needs an input part and a parameter modifier");
        }
    }

    /** A term with the modified bias. */
    public static Term of(InputPart input, ParameterModifier parameters) {
        return new Term(input, parameters, true);
    }

    /** A term without bias. */
    public static Term withoutBias(InputPart input, ParameterModifier parameters) {
        return new Term(input, parameters, false);
    }

    /** The same term without its bias. */
    public Term dropBias() {
        return new Term(input, parameters, false);
    }

    /** True if the term is the layer's own forward pass: its ordinary output and gradient serve. */
    boolean isLayerItself() {
        return input == InputPart.INPUT && parameters == ParameterModifier.IDENTITY && bias;
    }

    @Override
    public String toString() {
        return input + "·" + parameters + (bias ? " + b" : "");
    }
}
