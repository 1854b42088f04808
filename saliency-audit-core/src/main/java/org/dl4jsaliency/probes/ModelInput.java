package org.dl4jsaliency.probes;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The image input a model expects: channels, height, width, its layout (NCHW, or NHWC as Keras imports
 * channels-last models) and its data type. Probes are made as NCHW display images; this converts
 * to and from the model's layout.
 */
public record ModelInput(int channels, int height, int width, CNN2DFormat layout, DataType dataType) {

    /**
     * The input of {@code model}: {@code declared} ([C, H, W]; DL4J models do not record their input size)
     * in the layout of its first convolution or pooling layer.
     */
    public static ModelInput of(Model model, int[] declared) {
        CNN2DFormat layout = layout(model);
        DataType type = model.params().dataType();
        if (declared != null) {
            if (declared.length != 3) {
                throw new IllegalArgumentException("input shape must be [channels, height, width], got "
                        + java.util.Arrays.toString(declared));
            }
            return new ModelInput(declared[0], declared[1], declared[2], layout, type);
        }
        throw new IllegalArgumentException("the model's input shape [channels, height, width] must be declared "
                + "(DL4J models do not record it)");
    }

    /** [N, C, H, W] model values → the model's layout. */
    public INDArray fromNchw(INDArray nchw) {
        return layout == CNN2DFormat.NHWC ? nchw.permute(0, 2, 3, 1).dup('c') : nchw;
    }

    /** An array in the model's layout → [N, C, H, W]. */
    public INDArray toNchw(INDArray x) {
        return layout == CNN2DFormat.NHWC ? x.permute(0, 3, 1, 2).dup('c') : x;
    }

    /** [C, H, W] as text. */
    public List<Long> shape() {
        return List.of((long) channels, (long) height, (long) width);
    }

    /** The layout of the model's image input: that of its first convolution or pooling layer, else NCHW. */
    public static CNN2DFormat layout(Model model) {
        for (Layer l : layersInOrder(model)) {
            Object conf = l.conf().getLayer();
            if (conf instanceof ConvolutionLayer c) {
                return c.getCnn2dDataFormat();
            }
            if (conf instanceof SubsamplingLayer s) {
                return s.getCnn2dDataFormat();
            }
        }
        return CNN2DFormat.NCHW;
    }

    private static List<Layer> layersInOrder(Model model) {
        List<Layer> out = new ArrayList<>();
        if (model instanceof MultiLayerNetwork m) {
            out.addAll(List.of(m.getLayers()));
        } else {
            ComputationGraph g = (ComputationGraph) model;
            for (int idx : g.topologicalSortOrder()) {
                GraphVertex v = g.getVertices()[idx];
                if (v.hasLayer()) {
                    out.add(v.getLayer());
                }
            }
        }
        return out;
    }
}
