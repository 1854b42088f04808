package org.dl4jsaliency.rules;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How one term of an {@link LrpRule} changes the layer's parameters (weights and, where the term keeps
 * it, the bias alike), e.g. w → w⁺ for z⁺ or w → w + γw⁺ for γ. Zennit calls these parameter modifiers.
 * Implementations return a new array and never modify their argument.
 */
public interface ParameterModifier {
    /** The parameters as they are: the term is the layer's own forward pass. */
    ParameterModifier IDENTITY = new Named("w", w -> w);
    /** w⁺ = max(w, 0). */
    ParameterModifier POSITIVE = new Named("w+", Relevance::positive);
    /** w⁻ = min(w, 0). */
    ParameterModifier NEGATIVE = new Named("w-", Relevance::negative);
    /** w². */
    ParameterModifier SQUARE = new Named("w^2", w -> w.mul(w));
    /** Every parameter 1 (Flat). */
    ParameterModifier ONES = new Named("1", w -> w.ulike().assign(1));

    INDArray apply(INDArray w);

    /** w + γ·w⁺ ({@code positive}) or w + γ·w⁻: the γ rule's favoured and disfavoured parameters. */
    static ParameterModifier gamma(double gamma, boolean positive) {
        ParameterModifier part = positive ? POSITIVE : NEGATIVE;
        return new Named("w+" + gamma + "w" + (positive ? "+" : "-"), w -> {
            INDArray p = part.apply(w);
            return p.muli(gamma).addi(w);
        });
    }

    /** −ρ(w): the subtracted terms of zB. */
    default ParameterModifier negated() {
        ParameterModifier self = this;
        return new Named("-(" + this + ")", w -> {
            INDArray p = self.apply(w);
            return p == w ? w.neg() : p.negi();
        });
    }

    /** A {@link ParameterModifier} with a name for messages. */
    record Named(String name, java.util.function.UnaryOperator<INDArray> modifier) implements ParameterModifier {
        @Override
        public INDArray apply(INDArray w) {
            return modifier.apply(w);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
