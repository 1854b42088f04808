package org.dl4jsaliency.rules;

import java.util.List;

/**
 * One part of an {@link LrpRule}: the denominator z_k is the sum of the terms' outputs, each unit's
 * relevance (only on the units the gate lets through) is divided by the stabilised z_k and handed back
 * through every term, and the result is scaled by the coefficient. LRP-αβ has two parts, α on the
 * positive contributions and −β on the negative ones; the generalised γ has one part per sign of z_k.
 *
 * @param coefficient what the part's relevance is multiplied by (α, −β, or 1)
 * @param gate        which units the part serves
 * @param terms       the terms whose outputs add up to the part's denominator
 */
public record Part(double coefficient, Gate gate, List<Term> terms) {
    /** Which units of the layer a part serves, by the sign of their ordinary output z_k. */
    public enum Gate {
        /** Every unit. */
        ALL,
        /** Units with z_k &gt; 0. */
        POSITIVE_OUTPUT,
        /** Units with z_k &lt; 0. */
        NEGATIVE_OUTPUT
    }

    public Part {
        if (!Double.isFinite(coefficient) || gate == null || terms == null || terms.isEmpty()) {
            throw new IllegalArgumentException("a part needs a finite coefficient, a gate and at least one term");
        }
        terms = List.copyOf(terms);
    }

    /** A part over every unit with coefficient 1. */
    public static Part of(Term... terms) {
        return new Part(1, Gate.ALL, List.of(terms));
    }
}
