package org.dl4jsaliency.audit;

import org.dl4jsaliency.metrics.Maps;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A batch of display images [N, C, H, W] with a label per image: plain data. What is computed on it
 * (targets, each method's maps, the occlusion reference) is cached by {@link AuditContext}, so the
 * checks that share images share the work.
 */
record ImageSet(String name, INDArray display, List<String> labels) {
    ImageSet {
        if (display.size(0) != labels.size()) {
            throw new IllegalArgumentException(name + ": " + display.size(0) + " images but " + labels.size() + " labels");
        }
        labels = List.copyOf(labels);
    }

    int size() {
        return labels.size();
    }

    String label(int i) {
        return labels.get(i);
    }

    /** Image {@code i} as [channel][row][column] display values. */
    double[][][] image(int i) {
        return Maps.image(display, i);
    }
}
