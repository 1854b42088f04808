package org.dl4jsaliency.spi;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element-wise gate every ReLU-type backward rule is made of: pass the signal where a condition
 * is strictly positive, zero elsewhere, in one native pass (ND4J's {@code relu_bp}) instead of
 * building a mask array and multiplying.
 */
public final class SignalGate {
    private SignalGate() {
    }

    /**
     * Writes {@code 1[condition > 0] · signal} into {@code out} and returns it. {@code out} may be
     * {@code signal} or {@code condition} itself; all three must have the same shape. A NaN condition
     * blocks the signal.
     */
    public static INDArray passWherePositive(INDArray condition, INDArray signal, INDArray out) {
        Nd4j.exec(new RectifiedLinearDerivative(condition, signal, out));
        return out;
    }

    /** {@code 1[condition > 0] · signal} in a new array. */
    public static INDArray passWherePositive(INDArray condition, INDArray signal) {
        return passWherePositive(condition, signal, signal.ulike());
    }
}
