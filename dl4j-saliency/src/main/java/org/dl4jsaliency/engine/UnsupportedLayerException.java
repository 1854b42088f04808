package org.dl4jsaliency.engine;

/** A model contains a layer or vertex the engine cannot back-propagate through. */
public class UnsupportedLayerException extends IllegalArgumentException {
    private final String layerName;
    private final String layerClass;

    public UnsupportedLayerException(String layerName, String layerClass, String advice) {
        super("Unsupported layer '" + layerName + "' (" + layerClass + "): " + advice);
        this.layerName = layerName;
        this.layerClass = layerClass;
    }

    /** Name of the offending layer or vertex. */
    public String layerName() {
        return layerName;
    }

    /** Fully qualified class name of its configuration. */
    public String layerClass() {
        return layerClass;
    }
}
