package org.dl4jsaliency.audit;

import org.dl4jsaliency.metrics.Maps;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A batch of display images [N, C, H, W] with a label per image and, for the user's labelled images
 * explained for their true classes, those classes ({@code explainedClasses}, else null): plain data. What is computed on it
 * (targets, each method's maps, the occlusion reference) is cached by {@link AuditContext}, so the
 * checks that share images share the work.
 */
record ImageSet(String name, INDArray display, List<String> labels, int[] explainedClasses) {
    ImageSet {
        if (display.size(0) != labels.size()) {
            throw new IllegalArgumentException(name + ": " + display.size(0) + " images but " + labels.size() + " labels");
        }
        if (explainedClasses != null && explainedClasses.length != labels.size()) {
            throw new IllegalArgumentException(name + ": " + labels.size() + " images but " + explainedClasses.length
                    + " classes");
        }
        labels = List.copyOf(labels);
        explainedClasses = explainedClasses == null ? null : explainedClasses.clone();
    }

    /** Images explained for the configured target or their predicted classes. */
    ImageSet(String name, INDArray display, List<String> labels) {
        this(name, display, labels, null);
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
