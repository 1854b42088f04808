package org.dl4jsaliency.rules;

/**
 * Input-layer rules that ignore the input values: w² (R_i = Σ_j w_ij² / Σ_i w_ij² · R_j) and Flat
 * (the same with every w = 1), denominators stabilised, no bias. They are LRP's counterpart of "no
 * multiplication by the input". Zennit's WSquare keeps b² in the denominator; docs/algorithms.md §3
 * defines w² without it.
 */
public final class WeightOnlyRule extends LrpRule {
    private WeightOnlyRule(String name, ParameterModifier weights, double stabilizer) {
        super(name, stabilizer, Part.of(Term.withoutBias(InputPart.ONES, weights)));
    }

    /** The w² rule. */
    public static WeightOnlyRule wSquare() {
        return wSquare(DEFAULT_STABILIZER);
    }

    public static WeightOnlyRule wSquare(double stabilizer) {
        return new WeightOnlyRule("lrp-w2", ParameterModifier.SQUARE, stabilizer);
    }

    /** The Flat rule. */
    public static WeightOnlyRule flat() {
        return flat(DEFAULT_STABILIZER);
    }

    public static WeightOnlyRule flat(double stabilizer) {
        return new WeightOnlyRule("lrp-flat", ParameterModifier.ONES, stabilizer);
    }
}
