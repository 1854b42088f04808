package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The forward computation of one node of an {@link AnalysisGraph} and its ordinary gradient.
 *
 * <p>Implementations never modify their arguments: signals and activations may be shared between
 * nodes (fan-out), so every result is a fresh array or an untouched input.
 */
interface NodeOp {

    /** Computes the node's output from its inputs (inference mode). */
    INDArray forward(INDArray[] inputs);

    /**
     * Back-propagates {@code signal} (shaped like {@code output}) to each input with the node's
     * ordinary chain rule.
     */
    INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal);
}
