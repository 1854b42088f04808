package org.dl4jsaliency.audit;

import org.dl4jsaliency.metrics.Maps;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of display images with labels, and — computed once, on first use — the explained classes,
 * each method's maps and the occlusion reference, so that the checks that share images share the work.
 */
final class ImageSet {
    private final String name;
    private final INDArray display;
    private final List<String> labels;
    private final Map<String, INDArray> maps = new HashMap<>();
    private int[] targets;
    private INDArray reference;

    ImageSet(String name, INDArray display, List<String> labels) {
        if (display.size(0) != labels.size()) {
            throw new IllegalArgumentException(name + ": " + display.size(0) + " images but " + labels.size() + " labels");
        }
        this.name = name;
        this.display = display;
        this.labels = labels;
    }

    String name() {
        return name;
    }

    INDArray display() {
        return display;
    }

    int size() {
        return labels.size();
    }

    String label(int i) {
        return labels.get(i);
    }

    int[] targets(AuditContext ctx) {
        if (targets == null) {
            targets = ctx.targets(display);
        }
        return targets;
    }

    /** {@code m}'s maps [N, C, H, W] on these images. */
    INDArray map(AuditContext ctx, AuditContext.MethodEntry m) {
        INDArray a = maps.get(m.label());
        if (a == null) {
            long t0 = System.nanoTime();
            a = ctx.attribute(ctx.explainer(), m.method(), display, targets(ctx));
            maps.put(m.label(), a);
            ctx.progress(name, m.label() + " on " + size() + " image(s)", t0);
        }
        return a;
    }

    /** The occlusion reference maps [N, C, H, W]. */
    INDArray reference(AuditContext ctx) {
        if (reference == null) {
            long t0 = System.nanoTime();
            reference = ctx.reference(display, targets(ctx));
            ctx.progress(name, "occlusion reference on " + size() + " image(s)", t0);
        }
        return reference;
    }

    /** Image {@code i} as [channel][row][column] display values. */
    double[][][] image(int i) {
        return Maps.image(display, i);
    }
}
