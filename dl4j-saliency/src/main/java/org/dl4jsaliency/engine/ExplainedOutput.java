package org.dl4jsaliency.engine;

/** Which scalar T of the network output is explained. */
public enum ExplainedOutput {
    /** The pre-softmax logit of the target class (the default). */
    LOGIT,
    /** The probability of the target class: the stripped softmax (or sigmoid) applied to the logits. */
    PROBABILITY
}
