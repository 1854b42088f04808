package org.dl4jsaliency.rules;

/**
 * The zB rule for the input layer with pixel bounds l ≤ x ≤ h:
 * R_i = Σ_j (x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻) / Σ_i (x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻) · R_j, the
 * denominator stabilised. Pixels at the lower bound still get relevance through the −l·w⁺ term: one
 * of LRP's answers to the input bias. The bias drops out (Zennit keeps b, b⁺ and b⁻ in the three
 * terms, where they cancel to 0).
 */
public final class ZBoxRule extends LrpRule {
    private final double low;
    private final double high;

    /** zB with the default stabiliser. @param low the smallest input value (preprocessed black), @param high the largest */
    public ZBoxRule(double low, double high) {
        this(low, high, DEFAULT_STABILIZER);
    }

    public ZBoxRule(double low, double high, double stabilizer) {
        super("lrp-zb[" + low + ", " + high + "]", stabilizer, Part.of(
                Term.withoutBias(InputPart.INPUT, ParameterModifier.IDENTITY),
                Term.withoutBias(InputPart.constant(valid(low, high)), ParameterModifier.POSITIVE.negated()),
                Term.withoutBias(InputPart.constant(high), ParameterModifier.NEGATIVE.negated())));
        this.low = low;
        this.high = high;
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    private static double valid(double low, double high) {
        if (!(low < high) || Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("zB needs finite bounds low < high, got low=" + low + " high=" + high);
        }
        return low;
    }
}
