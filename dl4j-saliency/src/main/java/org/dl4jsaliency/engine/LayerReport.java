package org.dl4jsaliency.engine;

/**
 * One line of the pre-flight check: a DL4J layer or vertex, how the engine handles it, and whether
 * it is supported.
 *
 * @param name       the layer or vertex name
 * @param layerClass the simple class name of its configuration
 * @param handling   how the engine computes its forward and backward, or what to do if unsupported
 * @param supported  whether an explanation can pass through it
 * @param nodes      the analysis-graph nodes it became (empty if unsupported)
 */
public record LayerReport(String name, String layerClass, String handling, boolean supported,
                          java.util.List<String> nodes) {
}
