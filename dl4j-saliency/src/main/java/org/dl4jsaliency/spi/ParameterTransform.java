package org.dl4jsaliency.spi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Replaces a layer's parameters for one evaluation (e.g. W → W⁺ for LRP-αβ). Receives each
 * parameter by its DL4J key ("W", "b", ...) and returns the value to use, shaped alike; it must not
 * modify its argument.
 */
@FunctionalInterface
public interface ParameterTransform {
    INDArray apply(String key, INDArray value);

    /** True for DL4J's bias parameter keys. */
    static boolean isBias(String key) {
        return key.equals("b") || key.equals("beta");
    }
}
