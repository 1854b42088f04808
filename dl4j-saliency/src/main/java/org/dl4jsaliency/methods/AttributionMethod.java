package org.dl4jsaliency.methods;

import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An attribution method: turns a batch into one map per example, using the engine's passes. */
public interface AttributionMethod {

    /** The canonical name, the key of its {@link MethodFactory} in the registry. */
    String name();

    /** The backward rules its passes use (shown by the doctor); the gradient unless overridden. */
    default org.dl4jsaliency.spi.RuleAssignment rules() {
        return org.dl4jsaliency.spi.RuleAssignment.gradient();
    }

    /**
     * Explains {@code x}.
     *
     * @param engine  the engine wrapping the model
     * @param x       the input batch
     * @param targets the explained class per example
     * @param output  logit or probability
     */
    Attribution attribute(SaliencyEngine engine, INDArray x, Targets targets, ExplainedOutput output);

    /**
     * How many examples the engine processes for each example explained (one forward pass each, most
     * with a backward pass) for an image of {@code height} × {@code width} pixels, for progress
     * estimates; 1 for a single-pass method.
     */
    default long passesPerExample(long height, long width) {
        return 1;
    }

    /**
     * Whether the map ends multiplied by the input (by x − x′ for a method with a baseline x′): then a
     * pixel at the input's zero point gets no relevance whatever the model does with it, the input bias
     * of docs/algorithms.md §1 (for a noise method such as SmoothGrad, by its noisy inputs, which blurs
     * the bias rather than removing it). The audit's checks measure it; this says it of the method itself.
     */
    default boolean multipliesInput() {
        return false;
    }

    /**
     * Whether {@link Attribution#extras()} carries a completeness delta Σ A − (T(x) − T(x′)) per example
     * (Integrated Gradients' {@link IntegratedGradients#COMPLETENESS_DELTA}), which says whether the map
     * was computed finely enough.
     */
    default boolean hasCompletenessDelta() {
        return false;
    }
}
