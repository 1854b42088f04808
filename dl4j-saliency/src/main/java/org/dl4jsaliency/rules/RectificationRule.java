package org.dl4jsaliency.rules;

import org.dl4jsaliency.engine.BackwardRule;
import org.dl4jsaliency.engine.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Rectified Gradient's rule at a ReLU (Kim et al. 2019): pass {@code g} where the importance score
 * s = a ⊙ g exceeds a threshold τ, block it elsewhere. τ is either the q-th percentile of s, taken
 * per example over all units of the layer ({@link Percentile}), or a constant. The comparison is
 * strict and the ReLU derivative is not applied separately: inactive units have s = 0 and pass
 * only if τ < 0.
 *
 * <p>With q = 98 a layer of fewer than about 25 units gets τ = max(s), so nothing passes: that is
 * the definition, not a bug.
 */
public final class RectificationRule implements BackwardRule {
    private final double q;
    private final Double constantThreshold;

    private RectificationRule(double q, Double constantThreshold) {
        this.q = q;
        this.constantThreshold = constantThreshold;
    }

    /** Threshold at the q-th percentile of the scores (0 ≤ q ≤ 100). */
    public static RectificationRule percentile(double q) {
        Percentile.descendingIndex(1, q);
        return new RectificationRule(q, null);
    }

    /** A constant threshold τ; τ = 0 gives Guided Backprop. */
    public static RectificationRule constant(double tau) {
        if (!Double.isFinite(tau)) {
            throw new IllegalArgumentException("Threshold must be finite, got " + tau);
        }
        return new RectificationRule(Double.NaN, tau);
    }

    @Override
    public String name() {
        return constantThreshold == null ? "rectify(q=" + q + ")" : "rectify(tau=" + constantThreshold + ")";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray signal) {
        INDArray a = context.output();
        int n = (int) signal.size(0);
        INDArray scores = a.mul(signal).reshape(n, -1);
        INDArray mask = scores.ulike();
        for (int i = 0; i < n; i++) {
            double[] s = scores.getRow(i).toDoubleVector();
            double tau = constantThreshold != null ? constantThreshold : Percentile.nearestRank(s, q);
            double[] m = new double[s.length];
            for (int j = 0; j < s.length; j++) {
                m[j] = s[j] > tau ? 1.0 : 0.0;
            }
            mask.putRow(i, org.nd4j.linalg.factory.Nd4j.createFromArray(m).castTo(mask.dataType()));
        }
        return new INDArray[] {signal.mul(mask.reshape(signal.shape()))};
    }
}
