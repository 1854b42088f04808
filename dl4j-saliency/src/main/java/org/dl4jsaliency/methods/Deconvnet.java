package org.dl4jsaliency.methods;

import org.dl4jsaliency.rules.DeconvnetRule;
import org.dl4jsaliency.spi.RuleAssignment;

import java.util.Set;

/** Deconvnet: {@link DeconvnetRule} at every ReLU, gradient elsewhere. */
public final class Deconvnet extends RuleBasedMethod {
    /** Deconvnet's canonical name. */
    public static final String NAME = "deconvnet";
    /** {@code deconvnet}, no parameters. */
    public static final MethodFactory FACTORY = new MethodFactory(NAME, Set.of(), p -> new Deconvnet());
    private static final DeconvnetRule RULE = new DeconvnetRule();

    public Deconvnet() {
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
