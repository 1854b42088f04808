package org.dl4jsaliency.rules;

import org.dl4jsaliency.engine.BackwardRule;
import org.dl4jsaliency.engine.ParameterTransform;
import org.dl4jsaliency.engine.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Input-layer rules that ignore the input values: w² (R_i = Σ_j w_ij² / Σ_i w_ij² · R_j) and Flat
 * (the same with every w = 1). They are LRP's counterpart of "no multiplication by the input".
 */
public final class WeightOnlyRule implements BackwardRule {
    private final boolean flat;

    private WeightOnlyRule(boolean flat) {
        this.flat = flat;
    }

    /** The w² rule. */
    public static WeightOnlyRule wSquare() {
        return new WeightOnlyRule(false);
    }

    /** The Flat rule. */
    public static WeightOnlyRule flat() {
        return new WeightOnlyRule(true);
    }

    @Override
    public String name() {
        return flat ? "lrp-flat" : "lrp-w2";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray relevance) {
        ParameterTransform rho = (key, w) -> ParameterTransform.isBias(key) ? w.mul(0)
                : flat ? w.ulike().assign(1) : w.mul(w);
        INDArray ones = context.input(0).ulike().assign(1);
        INDArray z = context.forwardWith(rho, ones);
        return new INDArray[] {context.backwardWith(rho, ones, Relevance.divide(relevance, z))};
    }
}
