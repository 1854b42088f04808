package org.dl4jsaliency.methods;

import org.dl4jsaliency.rules.GuidedBackpropRule;
import org.dl4jsaliency.spi.RuleAssignment;

import java.util.Set;

/** Guided Backprop: {@link GuidedBackpropRule} at every ReLU, gradient elsewhere. */
public final class GuidedBackprop extends RuleBasedMethod {
    /** Guided Backprop's canonical name. */
    public static final String NAME = "guided-backprop";
    /** {@code guided-backprop}, no parameters. */
    public static final MethodFactory FACTORY = new MethodFactory(NAME, Set.of(), p -> new GuidedBackprop());
    private static final GuidedBackpropRule RULE = new GuidedBackpropRule();

    public GuidedBackprop() {
        super(false);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuleAssignment rules() {
        return node -> node.isRelu() ? RULE : null;
    }
}
