package org.dl4jsaliency.reproduction;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.probes.SmallCnn;

/**
 * The architectures of the reproduction's networks, {@link SmallCnn} recipes: 28 × 28 × 1 inputs, softmax
 * over the task's classes, unpadded convolutions (so that the re-encoding rewrite is exact everywhere),
 * ReLU, Adam at 0.005.
 */
public enum TaskNetwork {
    /**
     * Two convolutions (5×5×8, max pooling, 3×3×16), global max pooling, softmax. No dense hidden layer.
     * Global max pooling sends the backward signal to one position per channel, so almost all of
     * RectGrad's importance scores are exactly 0 and so is every percentile up to about the 95th: the
     * threshold sweep gives the τ = 0 map for most q.
     */
    GLOBAL_MAX_POOL(input()
            .conv("conv1", 5, 8)
            .maxPool("pool1", 2)
            .conv("conv2", 3, 16)
            .globalMaxPool("gmp")),
    /**
     * Closer to the CNNs of the RectGrad papers: two convolutions each followed by max pooling, then a
     * dense ReLU layer. Every unit of the dense layer gets a backward signal, so the percentile of its
     * importance scores moves with q and the sweep has something to sweep. The dense layer has more
     * than 100 units so that q = 99 still lets its top unit through (the nearest-rank percentile of
     * fewer values is their maximum, which the strict comparison blocks).
     */
    DENSE_HEAD(input()
            .conv("conv1", 3, 8)
            .maxPool("pool1", 2)
            .conv("conv2", 3, 16)
            .maxPool("pool2", 2)
            .dense("dense", 128));

    private final SmallCnn recipe;

    TaskNetwork(SmallCnn recipe) {
        this.recipe = recipe;
    }

    private static SmallCnn input() {
        return SmallCnn.input(MarkedItemsTask.SIDE, MarkedItemsTask.SIDE, 1).adam(0.005);
    }

    /** The layers in words, for the report. */
    public String description() {
        return recipe.description();
    }

    /** The untrained network, seeded, with {@code classes} softmax outputs. */
    public MultiLayerNetwork build(long seed, int classes) {
        return recipe.network(seed, classes);
    }
}
