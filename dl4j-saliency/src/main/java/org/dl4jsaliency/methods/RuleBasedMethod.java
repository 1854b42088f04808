package org.dl4jsaliency.methods;

import org.dl4jsaliency.engine.BackwardResult;
import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.spi.RuleAssignment;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A single-pass method: a choice of backward rules plus a final step, which either returns the
 * signal at the input as it is or multiplies it by the input. That multiplication is what makes a
 * map exactly zero wherever the input is zero (the input bias of Brocki and Chung, arXiv 2011.05002).
 */
public abstract class RuleBasedMethod implements AttributionMethod {
    private final boolean multiplyInput;

    protected RuleBasedMethod(boolean multiplyInput) {
        this.multiplyInput = multiplyInput;
    }

    /** The rules applied during the backward pass. */
    public abstract RuleAssignment rules();

    /** Whether the final step multiplies the signal by the input. */
    @Override
    public final boolean multipliesInput() {
        return multiplyInput;
    }

    @Override
    public Attribution attribute(SaliencyEngine engine, INDArray x, Targets targets, ExplainedOutput output) {
        BackwardResult r = engine.backward(x, targets, output, rules());
        INDArray map = multiplyInput ? r.signal().mul(x.castTo(r.signal().dataType())) : r.signal();
        return new Attribution(name(), map, r.scores(), r.targets(), r.logits());
    }

    @Override
    public String toString() {
        return name();
    }
}
