package org.dl4jsaliency.methods;

import org.dl4jsaliency.engine.RuleAssignment;

/** The plain gradient ∂T/∂x (Simonyan et al. 2014), or Gradient×Input when the input is multiplied. */
public final class Gradient extends RuleBasedMethod {

    /** @param multiplyInput true for Gradient×Input */
    public Gradient(boolean multiplyInput) {
        super(multiplyInput);
    }

    /** The plain gradient. */
    public Gradient() {
        this(false);
    }

    @Override
    public String name() {
        return multipliesInput() ? MethodRegistry.GRADIENT_X_INPUT : MethodRegistry.GRADIENT;
    }

    @Override
    public RuleAssignment rules() {
        return RuleAssignment.gradient();
    }
}
