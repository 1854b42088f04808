package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;

/**
 * A node operation computed with a DL4J layer's parameters. Its backward never reads the forward
 * output it is given (rules may pass null after replacing parameters).
 */
interface LayerBacked {
    Layer layer();

    /** Called after the layer's parameters were replaced, so that forms derived from them are rebuilt. */
    default void parametersChanged() {
    }
}
