package org.dl4jsaliency.rules;

import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.RuleContext;
import org.dl4jsaliency.spi.SignalGate;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Guided Backprop at a ReLU (Springenberg et al. 2015): 1[z > 0] · max(g, 0), with 1[z > 0] read as
 * 1[a > 0] from the output a = max(0, z).
 */
public final class GuidedBackpropRule implements BackwardRule {

    @Override
    public boolean readsInputs() {
        return false;
    }

    @Override
    public String name() {
        return "guided";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray signal) {
        INDArray positive = Transforms.relu(signal, true);
        return new INDArray[] {SignalGate.passWherePositive(context.output(), positive, positive)};
    }
}
