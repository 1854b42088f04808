package org.dl4jsaliency.rules;

import org.dl4jsaliency.engine.BackwardRule;
import org.dl4jsaliency.engine.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LRP-γ: the LRP-0 step with weights ρ(w) = w + γ·w⁺ in numerator and denominator, favouring
 * positive contributions. The bias gets the same ρ (as zennit does).
 */
public final class GammaRule implements BackwardRule {
    /** The default γ of algorithms.md §3. */
    public static final double DEFAULT_GAMMA = 0.25;
    private static final double STABILISER = 1e-9;

    private final double gamma;

    public GammaRule(double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a finite number >= 0, got " + gamma);
        }
        this.gamma = gamma;
    }

    @Override
    public String name() {
        return "lrp-gamma(" + gamma + ")";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray relevance) {
        INDArray a = context.input(0);
        org.dl4jsaliency.engine.ParameterTransform rho = (key, w) -> w.add(Relevance.positive(w).muli(gamma));
        INDArray z = context.forwardWith(rho, a);
        INDArray s = Relevance.ratio(relevance, z, STABILISER);
        INDArray c = context.backwardWith(rho, a, s);
        INDArray[] out = {a.mul(c)};
        Relevance.free(context, relevance, out, z, s, c);
        return out;
    }
}
