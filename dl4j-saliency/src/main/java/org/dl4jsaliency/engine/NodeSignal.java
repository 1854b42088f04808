package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A node's forward output and the backward signal arriving at it, for methods that work inside the
 * network (Grad-CAM).
 *
 * @param activation the node's output for the batch
 * @param signal     ∂T/∂activation under the rules used, shaped like {@code activation}
 * @param scores     the explained value T per example
 * @param targets    the explained class per example
 * @param logits     the model's logits for the batch
 */
public record NodeSignal(INDArray activation, INDArray signal, INDArray scores, int[] targets, INDArray logits) {
}
