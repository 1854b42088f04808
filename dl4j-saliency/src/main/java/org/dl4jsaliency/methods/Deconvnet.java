package org.dl4jsaliency.methods;

import org.dl4jsaliency.engine.RuleAssignment;
import org.dl4jsaliency.rules.DeconvnetRule;

/** Deconvnet: {@link DeconvnetRule} at every ReLU, gradient elsewhere. */
public final class Deconvnet extends RuleBasedMethod {
    private static final DeconvnetRule RULE = new DeconvnetRule();

    public Deconvnet() {
        super(false);
    }

    @Override
    public String name() {
        return MethodRegistry.DECONVNET;
    }

    @Override
    public RuleAssignment rules() {
        return node -> node.isRelu() ? RULE : null;
    }
}
