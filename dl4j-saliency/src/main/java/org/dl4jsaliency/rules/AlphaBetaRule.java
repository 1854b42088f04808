package org.dl4jsaliency.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * LRP-αβ (α − β = 1; α = 1, β = 0 is z⁺) with Zennit 0.5.1's conventions: each unit's positive part
 * z⁺ = a⁺w⁺ + a⁻w⁻ + b⁺ and negative part z⁻ = a⁺w⁻ + a⁻w⁺ + b⁻ are stabilised on their own, and
 * R_j = α·(a⁺_j Σ_k w⁺_jk s⁺_k + a⁻_j Σ_k w⁻_jk s⁺_k) − β·(a⁺_j Σ_k w⁻_jk s⁻_k + a⁻_j Σ_k w⁺_jk s⁻_k) with
 * s^± = R / stabilise(z^±). A unit with an empty part passes nothing through it (no re-routing), so
 * the rule conserves relevance only where every unit has both parts (or β = 0 and a positive part).
 * Without bias (iNNvestigate's z⁺ "IgnoreBias") b drops out of both parts.
 */
public final class AlphaBetaRule extends LrpRule {
    private final boolean bias;

    /** αβ with biases and the default stabiliser. */
    public AlphaBetaRule(double alpha, double beta) {
        this(alpha, beta, true, DEFAULT_STABILIZER);
    }

    public AlphaBetaRule(double alpha, double beta, boolean bias, double stabilizer) {
        super("lrp-alpha" + fmt(alpha) + "-beta" + fmt(beta) + (bias ? "" : "-nobias"), stabilizer,
                parts(valid(alpha, beta), beta, bias));
        this.bias = bias;
    }

    /** Whether the bias's positive (negative) part counts in z⁺ (z⁻). */
    public boolean bias() {
        return bias;
    }

    private static Part[] parts(double alpha, double beta, boolean bias) {
        List<Part> parts = new ArrayList<>();
        parts.add(contributions(alpha, ParameterModifier.POSITIVE, ParameterModifier.NEGATIVE, bias));
        if (beta != 0) {
            parts.add(contributions(-beta, ParameterModifier.NEGATIVE, ParameterModifier.POSITIVE, bias));
        }
        return parts.toArray(Part[]::new);
    }

    /** a⁺·w^{first} (+ b^{first}) + a⁻·w^{second}: the positive or the negative contributions. */
    private static Part contributions(double coefficient, ParameterModifier first, ParameterModifier second,
                                      boolean bias) {
        return new Part(coefficient, Part.Gate.ALL, List.of(new Term(InputPart.POSITIVE, first, bias),
                Term.withoutBias(InputPart.NEGATIVE, second)));
    }

    private static double valid(double alpha, double beta) {
        if (!(beta >= 0) || Math.abs(alpha - beta - 1) > 1e-12) {
            throw new IllegalArgumentException("LRP-alpha-beta needs beta >= 0 and alpha - beta = 1, got alpha="
                    + alpha + " beta=" + beta);
        }
        return alpha;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
