package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.ArrayList;
import java.util.List;

/** NaN/Inf tests that stay off-heap (one native reduction each). */
final class Finite {
    private Finite() {
    }

    static boolean isFinite(INDArray a) {
        return a == null || a.isEmpty() || !BooleanIndexing.or(a, Conditions.notFinite());
    }

    /** The rows (examples) of {@code a} that hold a NaN or infinite value. */
    static List<Long> badRows(INDArray a) {
        List<Long> rows = new ArrayList<>();
        for (long i = 0; i < a.size(0); i++) {
            if (!isFinite(a.slice(i))) {
                rows.add(i);
            }
        }
        return rows;
    }
}
