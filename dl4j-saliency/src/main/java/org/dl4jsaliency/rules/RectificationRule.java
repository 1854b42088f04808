package org.dl4jsaliency.rules;

import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.RuleContext;
import org.dl4jsaliency.spi.SignalGate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
    public boolean readsInputs() {
        return false;
    }

    @Override
    public String name() {
        return constantThreshold == null ? "rectify(q=" + q + ")" : "rectify(tau=" + constantThreshold + ")";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray signal) {
        int n = (int) signal.size(0);
        // s − τ per example, computed in place on the scores; the gate then passes g where it is > 0.
        // For floating-point s and τ, s − τ > 0 exactly when s > τ (no two distinct values differ by 0).
        INDArray scores = context.output().mul(signal).reshape('c', n, -1);
        double[] taus = new double[n];
        for (int i = 0; i < n; i++) {
            taus[i] = constantThreshold != null ? constantThreshold
                    : Percentile.nearestRank(scores.getRow(i).toDoubleVector(), q);
        }
        scores.subiColumnVector(thresholdsIn(taus, scores.dataType()).reshape(n, 1));
        INDArray margin = scores.reshape('c', signal.shape());
        return new INDArray[] {SignalGate.passWherePositive(margin, signal, margin)};
    }

    /**
     * The thresholds in the scores' type, chosen so that s &gt; τ holds in that type exactly when it holds
     * for the double τ: a τ between two floats is rounded down (no float lies between the two).
     */
    private static INDArray thresholdsIn(double[] taus, DataType type) {
        if (type != DataType.FLOAT) {
            return Nd4j.createFromArray(taus).castTo(type);
        }
        float[] f = new float[taus.length];
        for (int i = 0; i < taus.length; i++) {
            f[i] = (float) taus[i];
            if (f[i] > taus[i]) {
                f[i] = Math.nextDown(f[i]);
            }
        }
        return Nd4j.createFromArray(f);
    }
}
