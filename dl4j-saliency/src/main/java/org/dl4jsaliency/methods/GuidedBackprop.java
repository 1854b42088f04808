package org.dl4jsaliency.methods;

import org.dl4jsaliency.engine.RuleAssignment;
import org.dl4jsaliency.rules.GuidedBackpropRule;

/** Guided Backprop: {@link GuidedBackpropRule} at every ReLU, gradient elsewhere. */
public final class GuidedBackprop extends RuleBasedMethod {
    private static final GuidedBackpropRule RULE = new GuidedBackpropRule();

    public GuidedBackprop() {
        super(false);
    }

    @Override
    public String name() {
        return MethodRegistry.GUIDED_BACKPROP;
    }

    @Override
    public RuleAssignment rules() {
        return node -> node.isRelu() ? RULE : null;
    }
}
