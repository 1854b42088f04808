package org.dl4jsaliency.rules;

/**
 * LRP-ε (LRP-0 for ε = 0): R_j = a_j Σ_k w_jk R_k / (z_k + ε·sign(z_k)), sign(0) = +1. One term, the
 * layer itself, so the rule needs no parameter copies. ε is this rule's own number; the other rules'
 * denominators use {@link LrpRule#DEFAULT_STABILIZER} (as Zennit separates epsilon and stabilizer).
 */
public final class EpsilonRule extends LrpRule {
    /** The default ε of docs/algorithms.md §3. */
    public static final double DEFAULT_EPSILON = 1e-6;

    public EpsilonRule(double epsilon) {
        super(epsilon == 0 ? "lrp-0" : "lrp-epsilon(" + epsilon + ")", valid(epsilon),
                Part.of(Term.of(InputPart.INPUT, ParameterModifier.IDENTITY)));
    }

    private static double valid(double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number >= 0, got " + epsilon);
        }
        return epsilon;
    }
}
