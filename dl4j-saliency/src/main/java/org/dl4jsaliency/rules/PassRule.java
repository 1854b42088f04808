package org.dl4jsaliency.rules;

import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Relevance passes through unchanged: LRP's rule at element-wise activations (ReLU) and normalisations. */
public final class PassRule implements BackwardRule {

    @Override
    public boolean readsInputs() {
        return false;
    }

    @Override
    public boolean readsOutput() {
        return false;
    }

    @Override
    public String name() {
        return "pass";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray relevance) {
        return new INDArray[] {relevance};
    }
}
