package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The class explained for each example: the predicted class (argmax of the logits, the default),
 * one class for every example, or one class per example.
 */
public final class Targets {
    private static final Targets PREDICTED = new Targets(null);
    private final int[] classes;

    private Targets(int[] classes) {
        this.classes = classes;
    }

    /** The predicted class of each example. */
    public static Targets predicted() {
        return PREDICTED;
    }

    /** One class for every example. */
    public static Targets all(int targetClass) {
        return new Targets(new int[] {targetClass});
    }

    /** One class per example, in batch order. */
    public static Targets perExample(int... classes) {
        if (classes == null || classes.length == 0) {
            throw new IllegalArgumentException("perExample needs at least one target class");
        }
        return new Targets(classes.clone());
    }

    /** True for {@link #predicted()}. */
    public boolean isPredicted() {
        return classes == null;
    }

    /**
     * Resolves the targets of examples {@code [from, from + logits.rows())}.
     *
     * @param batchSize the size of the whole batch, to check one-per-example targets against
     */
    int[] resolve(INDArray logits, int from, long batchSize) {
        int n = (int) logits.size(0);
        int numClasses = (int) logits.size(1);
        int[] out = new int[n];
        if (classes == null) {
            INDArray argmax = logits.argMax(1);
            for (int i = 0; i < n; i++) {
                out[i] = argmax.getInt(i);
            }
            return out;
        }
        if (classes.length != 1 && classes.length != batchSize) {
            throw new IllegalArgumentException("Got " + classes.length + " targets for a batch of " + batchSize
                    + " examples: give one target for all or one per example");
        }
        for (int i = 0; i < n; i++) {
            int t = classes.length == 1 ? classes[0] : classes[from + i];
            if (t < 0 || t >= numClasses) {
                throw new IllegalArgumentException("Target class " + t + " (example " + (from + i)
                        + ") is out of range: the model has " + numClasses + " classes (0.." + (numClasses - 1) + ")");
            }
            out[i] = t;
        }
        return out;
    }

    @Override
    public String toString() {
        return classes == null ? "predicted" : Arrays.toString(classes);
    }
}
