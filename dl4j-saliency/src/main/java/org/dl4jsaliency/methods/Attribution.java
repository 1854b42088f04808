package org.dl4jsaliency.methods;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * An attribution map with what it explains.
 *
 * @param method  the canonical method name
 * @param map     the attribution map, same shape as the input
 * @param scores  the explained value T per example (logit or probability), shape [N]
 * @param targets the explained class per example
 * @param logits  the model's logits, shape [N, classes]
 * @param extras  method-specific results beside the map, by key (empty for most methods); for
 *                example Integrated Gradients' completeness delta under
 *                {@link IntegratedGradients#COMPLETENESS_DELTA}
 */
public record Attribution(String method, INDArray map, INDArray scores, int[] targets, INDArray logits,
                          Map<String, INDArray> extras) {

    public Attribution {
        extras = extras == null ? Map.of() : Map.copyOf(extras);
    }

    /** An attribution without extras. */
    public Attribution(String method, INDArray map, INDArray scores, int[] targets, INDArray logits) {
        this(method, map, scores, targets, logits, Map.of());
    }
}
