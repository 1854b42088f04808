package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.Arrays;

/** Rejects input batches that could only give a meaningless map. */
public final class InputChecks {
    private InputChecks() {
    }

    /**
     * Checks that {@code x} is a non-empty rank-2 (features) or rank-4 (images) batch of finite values.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void checkBatch(INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException("Input batch is null");
        }
        if (x.rank() != 2 && x.rank() != 4) {
            throw new IllegalArgumentException("Input must be rank 2 [N, features] or rank 4 (NCHW or NHWC images); "
                    + "got rank " + x.rank() + " with shape " + Arrays.toString(x.shape()));
        }
        if (x.size(0) == 0 || x.length() == 0) {
            throw new IllegalArgumentException("Input batch is empty: shape " + Arrays.toString(x.shape()));
        }
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException("Input must be floating point; got " + x.dataType());
        }
        if (BooleanIndexing.or(x, Conditions.isNan())) {
            throw new IllegalArgumentException("Input contains NaN values (shape " + Arrays.toString(x.shape()) + ")");
        }
        if (BooleanIndexing.or(x, Conditions.isInfinite())) {
            throw new IllegalArgumentException("Input contains infinite values (shape " + Arrays.toString(x.shape()) + ")");
        }
    }
}
