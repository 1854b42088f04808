package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.dl4jsaliency.engine.AnalysisGraph;
import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.Node;
import org.dl4jsaliency.engine.NodeSignal;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.spi.RuleAssignment;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.Set;

/**
 * Grad-CAM (Selvaraju et al. 2017): at a convolutional feature map A with channels A_k, weights
 * α_k = spatial mean of ∂T/∂A_k and map ReLU(Σ_k α_k A_k), upsampled bilinearly to the input's
 * height and width. It answers "where" at the resolution of a late layer instead of "which pixel",
 * and involves no multiplication by the input, so it has no zero-point blind spot; it is coarse by
 * construction.
 *
 * <p><b>Layer.</b> {@code layer} names a node of the analysis graph (see
 * {@link org.dl4jsaliency.engine.ModelDoctor} for the names). By default: the last convolution layer
 * before the logits, read after its fused activation where it has one ({@code <layer>/activation},
 * the post-ReLU map that standard Grad-CAM uses), else its linear output. The feature map's layout is
 * that of the nearest convolution or pooling layer at or above the node.
 *
 * <p><b>Output.</b> Upsampling is bilinear with align-corners = false (pixel centres aligned, as
 * PyTorch's {@code interpolate(..., align_corners=False)} and OpenCV's {@code INTER_LINEAR}). The map
 * has one value per pixel; to keep every method's map shaped like the input it is repeated over the
 * input's channels (sum over channels and divide by C to get the plane back). Needs rank-4 input;
 * the input layout is {@code layout} if given, else that of the model's first convolution or pooling
 * layer.
 *
 * <p>Registry parameters (also for {@code guided-gradcam}): {@code layer=<node name>},
 * {@code layout} = {@code nchw} | {@code nhwc}.
 */
public final class GradCam implements AttributionMethod {
    /** Grad-CAM's canonical name. */
    public static final String NAME = "gradcam";
    static final Set<String> PARAMETERS = Set.of("layer", Images.LAYOUT);
    /** {@code gradcam}: parameters {@code layer} (the last convolution) and {@code layout}. */
    public static final MethodFactory FACTORY = new MethodFactory(NAME, PARAMETERS, GradCam::fromParams);

    private final String layer;
    private final CNN2DFormat layout;

    private GradCam(Builder b) {
        this.layer = b.layer;
        this.layout = b.layout;
    }

    public static Builder builder() {
        return new Builder();
    }

    static GradCam fromParams(MethodParams p) {
        return builder().layer(p.string("layer", null)).layout(Images.layoutParam(p)).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The analysis-graph node whose output this Grad-CAM reads in {@code engine}'s model. */
    public String resolveLayer(SaliencyEngine engine) {
        return engine.withGraph(g -> node(g).name());
    }

    private Node node(AnalysisGraph g) {
        int logits = g.logitsNode().index();
        if (layer == null) {
            for (int i = logits; i > 0; i--) {
                Node n = g.nodes().get(i);
                if (n.config() instanceof ConvolutionLayer) {
                    return n;
                }
            }
            throw new IllegalArgumentException("Grad-CAM: the model has no convolution layer before its logits; "
                    + "give parameter layer=<node name>");
        }
        Node n;
        try {
            n = g.node(layer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Grad-CAM: parameter layer=" + layer + ": " + e.getMessage(), e);
        }
        if (n.index() > logits) {
            throw new IllegalArgumentException("Grad-CAM: parameter layer=" + layer + " names a node after the logits ("
                    + g.logitsNode().name() + ")");
        }
        return n;
    }

    @Override
    public Attribution attribute(SaliencyEngine engine, INDArray x, Targets targets, ExplainedOutput output) {
        if (x == null || x.rank() != 4) {
            throw new IllegalArgumentException("Grad-CAM needs image input (rank 4); got "
                    + (x == null ? "null" : "shape " + Arrays.toString(x.shape())));
        }
        INDArray input = x.castTo(engine.dataType());
        CNN2DFormat inputLayout = Images.inputLayout(engine, layout);
        record Site(String name, CNN2DFormat layout) {
        }
        Site site = engine.withGraph(g -> {
            Node n = node(g);
            return new Site(n.name(), Images.layoutAt(g, n, inputLayout));
        });
        NodeSignal s = engine.signalAt(site.name(), input, targets, output, RuleAssignment.gradient());
        if (s.activation().rank() != 4) {
            throw new IllegalArgumentException("Grad-CAM: parameter layer=" + site.name() + " has output shape "
                    + Arrays.toString(s.activation().shape()) + ", not a convolutional feature map");
        }
        INDArray a = Images.nchwView(s.activation(), site.layout());
        INDArray alpha = Images.nchwView(s.signal(), site.layout()).mean(2, 3);
        long n = a.size(0);
        long k = a.size(1);
        long h = a.size(2);
        long w = a.size(3);
        INDArray cam = Nd4j.create(a.dataType(), n, 1, h, w);
        for (long i = 0; i < n; i++) {
            INDArray ai = a.get(NDArrayIndex.point(i)).dup('c').reshape(k, h * w);
            cam.get(NDArrayIndex.point(i)).assign(alpha.getRow(i, true).mmul(ai).reshape(1, h, w));
        }
        Transforms.relu(cam, false);
        INDArray in = Images.nchwView(input, inputLayout);
        long height = in.size(2);
        long width = in.size(3);
        INDArray up = Images.transformPlanes(cam, Images.bilinear(h, height, cam.dataType()),
                Images.bilinear(w, width, cam.dataType()));
        INDArray map = Images.broadcastOverChannels(up.reshape(n, height, width), input.shape(), inputLayout);
        return new Attribution(name(), map, s.scores(), s.targets(), s.logits());
    }

    @Override
    public String toString() {
        return name() + (layer == null ? "" : "(layer=" + layer + ")");
    }

    /** Builder for {@link GradCam}. */
    public static final class Builder {
        private String layer;
        private CNN2DFormat layout;

        private Builder() {
        }

        /** The analysis-graph node to read (default null: the last convolution layer, after its activation). */
        public Builder layer(String layer) {
            this.layer = layer;
            return this;
        }

        /** Layout of the input (default null: that of the model's first convolution or pooling layer). */
        public Builder layout(CNN2DFormat layout) {
            this.layout = layout;
            return this;
        }

        public GradCam build() {
            return new GradCam(this);
        }
    }
}
