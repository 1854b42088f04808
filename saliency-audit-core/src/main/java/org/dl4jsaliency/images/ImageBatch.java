package org.dl4jsaliency.images;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Images read for a model: display intensities in [0, 1], where each example came from and, when the
 * source knows them, each example's true class.
 *
 * @param display    [N, C, H, W] double intensities in [0, 1]
 * @param names      the name of each example, in batch order
 * @param labels     each example's true class index, in batch order; null when the images are unlabelled.
 *                   The accessor returns a copy.
 * @param classNames the name of each class index (e.g. the class folders), empty when unknown
 */
public record ImageBatch(INDArray display, List<String> names, int[] labels, List<String> classNames) {
    public ImageBatch {
        names = List.copyOf(names);
        classNames = List.copyOf(classNames);
        if (display.rank() == 0 || display.size(0) != names.size()) {
            throw new IllegalArgumentException("an image batch of shape " + Arrays.toString(display.shape())
                    + " has " + names.size() + " names; it needs one per example");
        }
        if (labels != null) {
            labels = labels.clone();
            if (labels.length != names.size()) {
                throw new IllegalArgumentException(labels.length + " labels for " + names.size()
                        + " examples; an image batch needs one label per example");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || (!classNames.isEmpty() && labels[i] >= classNames.size())) {
                    throw new IllegalArgumentException("example " + names.get(i) + " has label " + labels[i]
                            + (classNames.isEmpty() ? ", a negative class index"
                            : ", outside the " + classNames.size() + " classes " + classNames));
                }
            }
        }
    }

    /** Unlabelled images. */
    public ImageBatch(INDArray display, List<String> names) {
        this(display, names, null, List.of());
    }

    /** Whether each example's true class is known ({@link #labels()} is not null). */
    public boolean labelled() {
        return labels != null;
    }

    @Override
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    // A record compares arrays by reference; labels are compared by value, as the other components.
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageBatch b && display.equals(b.display) && names.equals(b.names)
                && Arrays.equals(labels, b.labels) && classNames.equals(b.classNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(display, names, Arrays.hashCode(labels), classNames);
    }
}
