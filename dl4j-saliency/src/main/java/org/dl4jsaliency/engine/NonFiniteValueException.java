package org.dl4jsaliency.engine;

/**
 * A forward or backward pass produced NaN or infinite values. The message names where they first
 * appeared (a node of the analysis graph, its rule, and its parameters when those are not finite),
 * so a broken model is never explained, drawn or audited as if it were sound.
 */
public final class NonFiniteValueException extends IllegalStateException {
    NonFiniteValueException(String message) {
        super(message);
    }
}
