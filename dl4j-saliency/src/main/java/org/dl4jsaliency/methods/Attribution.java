package org.dl4jsaliency.methods;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An attribution map with what it explains.
 *
 * @param method  the canonical method name
 * @param map     the attribution map, same shape as the input
 * @param scores  the explained value T per example (logit or probability), shape [N]
 * @param targets the explained class per example
 * @param logits  the model's logits, shape [N, classes]
 */
public record Attribution(String method, INDArray map, INDArray scores, int[] targets, INDArray logits) {
}
