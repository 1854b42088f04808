package org.dl4jsaliency.rules;

import org.dl4jsaliency.spi.RuleContext;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Arithmetic shared by the LRP rules. */
final class Relevance {
    private Relevance() {
    }

    /** z + ε·sign(z) with sign(0) = +1 (Montavon et al. 2019); a new array unless ε = 0. */
    static INDArray stabilise(INDArray z, double epsilon) {
        if (epsilon == 0) {
            return z;
        }
        INDArray nonNegative = z.gte(0.0);
        INDArray stabilised = nonNegative.castTo(z.dataType());
        nonNegative.close();
        return stabilised.muli(2 * epsilon).subi(epsilon).addi(z);
    }

    /**
     * r / z, with 0 where z is exactly 0 (a unit that received nothing passes nothing on). The zero
     * test is exact: ND4J's {@code Conditions.equals} matches within 1e-5, which would silence every
     * unit whose stabilised z is below that, far above the default ε.
     */
    static INDArray divide(INDArray r, INDArray z) {
        INDArray zero = z.eq(0.0);
        boolean anyZero = zero.any();
        if (!anyZero) {
            zero.close();
            return r.div(z);
        }
        INDArray isZero = zero.castTo(z.dataType());
        zero.close();
        INDArray safe = z.add(isZero);
        INDArray out = r.div(safe).muli(isZero.rsubi(1.0));
        free(new INDArray[] {out, r, z}, safe, isZero);
        return out;
    }

    /** r / stabilise(z, ε), without keeping the stabilised denominator. */
    static INDArray ratio(INDArray r, INDArray z, double epsilon) {
        INDArray stabilised = stabilise(z, epsilon);
        INDArray out = divide(r, stabilised);
        if (stabilised != z) {
            free(new INDArray[] {out, r, z}, stabilised);
        }
        return out;
    }

    /**
     * Frees the off-heap memory of a rule's temporaries at once rather than when the garbage collector
     * notices them: on a VGG16 at batch 8 the uncollected temporaries of LRP-ε reached 14 GB of RSS.
     * A temporary is freed only if it owns its buffer and shares it with nothing in {@code keep}
     * (the rule's inputs, its incoming relevance and its results).
     */
    static void free(RuleContext context, INDArray relevance, INDArray[] results, INDArray... temporaries) {
        INDArray[] keep = new INDArray[results.length + context.inputCount() + 2];
        System.arraycopy(results, 0, keep, 0, results.length);
        for (int j = 0; j < context.inputCount(); j++) {
            keep[results.length + j] = context.input(j);
        }
        keep[keep.length - 2] = relevance;
        keep[keep.length - 1] = context.output();
        free(keep, temporaries);
    }

    /** Frees an array that owns its buffer (not a view, not in a workspace); others are left alone. */
    static void closeOwned(INDArray a) {
        if (a != null && !a.wasClosed() && !a.isView() && a.closeable()) {
            a.close();
        }
    }

    /** Frees each temporary that owns its buffer and shares it with nothing in {@code keep}. */
    static void free(INDArray[] keep, INDArray... temporaries) {
        Set<DataBuffer> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (INDArray k : keep) {
            if (k != null && !k.wasClosed()) {
                kept.add(k.data());
                if (k.data().originalDataBuffer() != null) {
                    kept.add(k.data().originalDataBuffer());
                }
            }
        }
        for (INDArray t : temporaries) {
            if (t == null || t.wasClosed() || t.isView() || !t.closeable()) {
                continue;
            }
            DataBuffer b = t.data();
            if (kept.contains(b) || (b.originalDataBuffer() != null && kept.contains(b.originalDataBuffer()))) {
                continue;
            }
            kept.add(b);
            t.close();
        }
    }

    /** max(a, 0). */
    static INDArray positive(INDArray a) {
        return org.nd4j.linalg.ops.transforms.Transforms.relu(a, true);
    }

    /** min(a, 0). */
    static INDArray negative(INDArray a) {
        return a.sub(positive(a));
    }
}
