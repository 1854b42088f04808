package org.dl4jsaliency.methods;

import org.dl4jsaliency.spi.RuleAssignment;

import java.util.Set;

/** The plain gradient ∂T/∂x (Simonyan et al. 2014), or Gradient×Input when the input is multiplied. */
public final class Gradient extends RuleBasedMethod {
    /** The plain gradient's canonical name. */
    public static final String NAME = "gradient";
    /** Gradient×Input's canonical name. */
    public static final String X_INPUT_NAME = "gradient-x-input";
    /** {@code gradient}, parameter {@code multiply-input} (false). */
    public static final MethodFactory FACTORY = factory(NAME, false);
    /** {@code gradient-x-input}, parameter {@code multiply-input} (true). */
    public static final MethodFactory X_INPUT_FACTORY = factory(X_INPUT_NAME, true);

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
        return multipliesInput() ? X_INPUT_NAME : NAME;
    }

    @Override
    public RuleAssignment rules() {
        return RuleAssignment.gradient();
    }

    private static MethodFactory factory(String name, boolean multiplyDefault) {
        return new MethodFactory(name, Set.of("multiply-input"),
                p -> new Gradient(p.bool("multiply-input", multiplyDefault)));
    }
}
