package org.dl4jsaliency;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.methods.Attribution;
import org.dl4jsaliency.methods.AttributionMethod;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The front door: attribution maps for a DL4J model.
 *
 * <pre>{@code
 * Explainer explainer = Explainer.of(net);                       // MultiLayerNetwork or ComputationGraph
 * Attribution a = explainer.explain(images, "nobias-rectgrad"); // predicted class, logit
 * Attribution b = explainer.explain(images, Targets.all(3), RectifiedGradient.published());
 * }</pre>
 *
 * <p>The model is never modified; one Explainer may be shared by many threads.
 */
public final class Explainer {
    private final SaliencyEngine engine;

    private Explainer(SaliencyEngine engine) {
        this.engine = engine;
    }

    /** An explainer with default engine settings. */
    public static Explainer of(Model model) {
        return new Explainer(SaliencyEngine.of(model));
    }

    /** An explainer over a configured engine. */
    public static Explainer of(SaliencyEngine engine) {
        return new Explainer(engine);
    }

    public SaliencyEngine engine() {
        return engine;
    }

    /** Explains the predicted class's logit with a method given by canonical name. */
    public Attribution explain(INDArray x, String method) {
        return explain(x, Targets.predicted(), MethodRegistry.create(method));
    }

    /** Explains the targets' logits. */
    public Attribution explain(INDArray x, Targets targets, AttributionMethod method) {
        return explain(x, targets, ExplainedOutput.LOGIT, method);
    }

    /** Explains the targets' logits or probabilities. */
    public Attribution explain(INDArray x, Targets targets, ExplainedOutput output, AttributionMethod method) {
        return method.attribute(engine, x, targets, output);
    }
}
