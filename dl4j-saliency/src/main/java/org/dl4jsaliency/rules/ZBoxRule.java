package org.dl4jsaliency.rules;

import org.dl4jsaliency.engine.BackwardRule;
import org.dl4jsaliency.engine.ParameterTransform;
import org.dl4jsaliency.engine.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The zB rule for the input layer with pixel bounds l ≤ x ≤ h:
 * R_i = Σ_j (x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻) / Σ_i (x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻) · R_j.
 * Pixels at the lower bound still get relevance through the −l·w⁺ term: one of LRP's answers to the
 * input bias.
 */
public final class ZBoxRule implements BackwardRule {
    private static final double STABILISER = 1e-9;
    private static final ParameterTransform POSITIVE = Relevance.POSITIVE_WEIGHTS;
    private static final ParameterTransform NEGATIVE = Relevance.NEGATIVE_WEIGHTS;

    private final double low;
    private final double high;

    /** @param low the smallest input value (preprocessed black), @param high the largest */
    public ZBoxRule(double low, double high) {
        if (!(low < high) || Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("zB needs finite bounds low < high, got low=" + low + " high=" + high);
        }
        this.low = low;
        this.high = high;
    }

    @Override
    public String name() {
        return "lrp-zb[" + low + ", " + high + "]";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray relevance) {
        INDArray x = context.input(0);
        INDArray l = x.ulike().assign(low);
        INDArray h = x.ulike().assign(high);
        INDArray z = context.forwardWith(Relevance.WEIGHTS, x)
                .subi(context.forwardWith(POSITIVE, l))
                .subi(context.forwardWith(NEGATIVE, h));
        INDArray s = Relevance.ratio(relevance, z, STABILISER);
        INDArray r = x.mul(context.backwardWith(Relevance.WEIGHTS, x, s))
                .subi(l.mul(context.backwardWith(POSITIVE, l, s)))
                .subi(h.mul(context.backwardWith(NEGATIVE, h, s)));
        return new INDArray[] {r};
    }
}
