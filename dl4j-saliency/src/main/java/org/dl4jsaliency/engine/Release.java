package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Frees the off-heap memory of intermediate arrays as soon as a pass no longer needs them. Without
 * workspaces ND4J frees memory only when the garbage collector notices the Java objects, which on
 * large models lets native memory grow far past the heap (a ResNet50 benchmark at batch 8 was
 * killed at 24 GiB). An array is released only if it owns its buffer and shares no buffer with an
 * array that must survive.
 */
final class Release {
    private final Set<DataBuffer> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<DataBuffer> released = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Marks arrays (and every array sharing their buffers) as surviving. */
    Release keep(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed()) {
                kept.add(a.data());
                if (a.data().originalDataBuffer() != null) {
                    kept.add(a.data().originalDataBuffer());
                }
            }
        }
        return this;
    }

    /** Releases {@code a} unless it is kept, a view, already released, or attached to a workspace. */
    void release(INDArray a) {
        if (a == null || a.wasClosed() || !a.closeable()) {
            return;
        }
        DataBuffer b = a.data();
        DataBuffer original = b.originalDataBuffer();
        if (kept.contains(b) || (original != null && kept.contains(original)) || !released.add(b)) {
            return;
        }
        a.close();
    }

    /** Closes an array that owns its buffer (not a view, not in a workspace); others are left alone. */
    static void closeOwned(INDArray a) {
        if (a != null && !a.wasClosed() && !a.isView() && a.closeable()) {
            a.close();
        }
    }
}
