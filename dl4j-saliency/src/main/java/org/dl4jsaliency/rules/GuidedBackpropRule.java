package org.dl4jsaliency.rules;

import org.dl4jsaliency.engine.BackwardRule;
import org.dl4jsaliency.engine.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Guided Backprop at a ReLU (Springenberg et al. 2015): 1[z > 0] · max(g, 0). */
public final class GuidedBackpropRule implements BackwardRule {

    @Override
    public String name() {
        return "guided";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray signal) {
        INDArray active = context.input(0).match(0.0, Conditions.greaterThan(0.0)).castTo(signal.dataType());
        return new INDArray[] {Transforms.relu(signal, true).muli(active)};
    }
}
