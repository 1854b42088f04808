package org.dl4jsaliency.rules;

import org.dl4jsaliency.engine.ParameterTransform;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** Arithmetic shared by the LRP rules. */
final class Relevance {
    private Relevance() {
    }

    /** The layer's weights without bias. */
    static final ParameterTransform WEIGHTS = (key, w) -> ParameterTransform.isBias(key) ? w.mul(0) : w;
    /** w⁺, without bias. */
    static final ParameterTransform POSITIVE_WEIGHTS =
            (key, w) -> ParameterTransform.isBias(key) ? w.mul(0) : positive(w);
    /** w⁻, without bias. */
    static final ParameterTransform NEGATIVE_WEIGHTS =
            (key, w) -> ParameterTransform.isBias(key) ? w.mul(0) : negative(w);

    /** z + ε·sign(z) with sign(0) = +1 (Montavon et al. 2019). */
    static INDArray stabilise(INDArray z, double epsilon) {
        if (epsilon == 0) {
            return z;
        }
        INDArray sign = z.gte(0.0).castTo(z.dataType()).muli(2).subi(1);
        return z.add(sign.muli(epsilon));
    }

    /** r / z, with 0 where z is exactly 0 (a unit that received nothing passes nothing on). */
    static INDArray divide(INDArray r, INDArray z) {
        INDArray zero = z.match(0.0, Conditions.equals(0.0)).castTo(z.dataType());
        return r.div(z.add(zero)).muli(zero.rsub(1.0));
    }

    /** max(a, 0). */
    static INDArray positive(INDArray a) {
        return org.nd4j.linalg.ops.transforms.Transforms.relu(a, true);
    }

    /** min(a, 0). */
    static INDArray negative(INDArray a) {
        return a.sub(positive(a));
    }
}
