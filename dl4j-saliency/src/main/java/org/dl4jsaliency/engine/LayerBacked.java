package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;

/** A node operation computed with a DL4J layer's parameters. */
interface LayerBacked {
    Layer layer();
}
