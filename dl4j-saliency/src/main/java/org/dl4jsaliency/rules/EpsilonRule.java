package org.dl4jsaliency.rules;

import org.dl4jsaliency.engine.BackwardRule;
import org.dl4jsaliency.engine.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LRP-ε (LRP-0 for ε = 0): R_j = a_j Σ_k w_jk R_k / (z_k + ε·sign(z_k)), by the gradient trick
 * s = R / stabilise(z), c = backward(s), R_in = a ⊙ c. On parameter-free nodes (residual Add, average
 * pooling) the same step splits relevance in proportion to the inputs' contributions.
 */
public final class EpsilonRule implements BackwardRule {
    /** The default ε of algorithms.md §3. */
    public static final double DEFAULT_EPSILON = 1e-6;

    private final double epsilon;

    public EpsilonRule(double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number >= 0, got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return epsilon == 0 ? "lrp-0" : "lrp-epsilon(" + epsilon + ")";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray relevance) {
        INDArray s = Relevance.ratio(relevance, context.output(), epsilon);
        INDArray[] c = context.gradient(s);
        INDArray[] out = new INDArray[c.length];
        for (int j = 0; j < c.length; j++) {
            out[j] = c[j] == null ? null : c[j].mul(context.input(j));
        }
        Relevance.free(context, relevance, out, c);
        Relevance.free(context, relevance, out, s);
        return out;
    }
}
