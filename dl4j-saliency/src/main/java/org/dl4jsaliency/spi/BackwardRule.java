package org.dl4jsaliency.spi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How one node passes the backward signal to its inputs. The engine applies the ordinary gradient
 * wherever no rule is assigned; a rule replaces it at the nodes it is assigned to (for example a
 * rectification at every ReLU, or an LRP redistribution at a linear layer).
 *
 * <p>Rules are stateless and thread-safe: everything they need is in the {@link RuleContext}.
 */
public interface BackwardRule {

    /** A short name shown by the doctor, e.g. {@code rectify(q=98)}. */
    String name();

    /**
     * @param context the node with its forward inputs and output for the current examples
     * @param signal  the signal arriving at the node's output, shaped like the output
     * @return one signal per node input (null for an input that receives nothing)
     */
    INDArray[] backward(RuleContext context, INDArray signal);

    /**
     * Whether the rule reads the node's forward inputs ({@link RuleContext#input}, or through
     * {@link RuleContext#gradient} of an op that does). Returning false lets a ReLU node overwrite its
     * input in the forward pass; the input then holds the ReLU's output. Default true.
     */
    default boolean readsInputs() {
        return true;
    }

    /**
     * Whether the rule reads the node's forward output ({@link RuleContext#output}). Returning false
     * lets a ReLU that follows the node overwrite that output in the forward pass. Default true.
     */
    default boolean readsOutput() {
        return true;
    }
}
