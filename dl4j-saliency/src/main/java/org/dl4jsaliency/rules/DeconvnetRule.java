package org.dl4jsaliency.rules;

import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Deconvnet at a ReLU (Zeiler and Fergus 2014): max(g, 0), ignoring the forward activation. */
public final class DeconvnetRule implements BackwardRule {

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
        return "deconvnet";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray signal) {
        return new INDArray[] {Transforms.relu(signal, true)};
    }
}
