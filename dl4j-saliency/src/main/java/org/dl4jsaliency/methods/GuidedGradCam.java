package org.dl4jsaliency.methods;

import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Guided Grad-CAM (Selvaraju et al. 2017): Guided Backprop ⊙ Grad-CAM. Grad-CAM says where the class
 * evidence is but is coarse; Guided Backprop is sharp but hardly class-specific; the product keeps the
 * sharp detail inside the class's regions. Both factors explain the same targets, resolved once on
 * the input.
 */
public final class GuidedGradCam implements AttributionMethod {
    /** Guided Grad-CAM's canonical name. */
    public static final String NAME = "guided-gradcam";
    /** {@code guided-gradcam}: Grad-CAM's parameters. */
    public static final MethodFactory FACTORY = new MethodFactory(NAME, GradCam.PARAMETERS,
            p -> new GuidedGradCam(GradCam.fromParams(p)));
    private final GradCam gradCam;
    private final GuidedBackprop guided = new GuidedBackprop();

    /** Over the given Grad-CAM (its layer and layout). */
    public GuidedGradCam(GradCam gradCam) {
        if (gradCam == null) {
            throw new IllegalArgumentException("gradCam is null");
        }
        this.gradCam = gradCam;
    }

    /** Over Grad-CAM at its default layer. */
    public GuidedGradCam() {
        this(GradCam.builder().build());
    }

    @Override
    public long passesPerExample(long height, long width) {
        return 2;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Attribution attribute(SaliencyEngine engine, INDArray x, Targets targets, ExplainedOutput output) {
        Attribution cam = gradCam.attribute(engine, x, targets, output);
        Attribution g = guided.attribute(engine, x, Targets.perExample(cam.targets()), output);
        return new Attribution(name(), g.map().mul(cam.map()), cam.scores(), cam.targets(), cam.logits());
    }

    @Override
    public String toString() {
        return name() + "(" + gradCam + ")";
    }
}
