package org.dl4jsaliency.methods;

import org.dl4jsaliency.engine.BackwardResult;
import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.rules.LrpRule;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer-wise Relevance Propagation (Montavon et al. 2019) with a {@link LrpComposite}: relevance
 * starts as the target's logit T and is redistributed layer by layer down to the input. With
 * conservative rules and no biases, the map sums to T.
 *
 * <p>Whether the map carries the input bias depends on the input layer's rule: 0, ε, γ and αβ
 * multiply by the input; zB, w² and Flat do not.
 */
public final class LayerwiseRelevance implements AttributionMethod {
    private final String name;
    private final LrpComposite composite;

    public LayerwiseRelevance(String name, LrpComposite composite) {
        this.name = name;
        this.composite = composite;
    }

    @Override
    public String name() {
        return name;
    }

    public LrpComposite composite() {
        return composite;
    }

    /**
     * Whether the rule of an image model's first layer ({@link LrpComposite#imageInputRule()}) gives a
     * zero input no relevance: 0, ε, γ and αβ do; zB, w² and Flat do not.
     */
    @Override
    public boolean multipliesInput() {
        return composite.imageInputRule() instanceof LrpRule r && r.multipliesInput();
    }

    @Override
    public org.dl4jsaliency.spi.RuleAssignment rules() {
        return composite;
    }

    @Override
    public Attribution attribute(SaliencyEngine engine, INDArray x, Targets targets, ExplainedOutput output) {
        if (output != ExplainedOutput.LOGIT) {
            throw new IllegalArgumentException("LRP explains the logit; ExplainedOutput." + output + " is not supported");
        }
        BackwardResult r = engine.backward(x, targets, output, composite);
        // The rules are linear in the relevance: propagating 1 and scaling by T equals propagating T.
        long[] shape = new long[r.signal().rank()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = r.scores().length();
        INDArray map = r.signal().mul(r.scores().reshape(shape).castTo(r.signal().dataType()));
        return new Attribution(name, map, r.scores(), r.targets(), r.logits());
    }

    @Override
    public String toString() {
        return name;
    }
}
