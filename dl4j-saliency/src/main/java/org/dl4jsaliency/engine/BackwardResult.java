package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The outcome of one backward pass over a batch.
 *
 * @param signal  the signal at the input (∂T/∂x for the plain gradient), shaped like the input
 * @param scores  the explained value T per example, shape [N]
 * @param targets the explained class per example
 * @param logits  the logits, shape [N, classes]
 */
public record BackwardResult(INDArray signal, INDArray scores, int[] targets, INDArray logits) {
}
