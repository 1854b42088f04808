package org.dl4jsaliency.probes;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.engine.AnalysisCopies;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * A colour re-encoding x̃ = a·x + c of the display intensities (docs/algorithms.md §5.4) and the network
 * that sees x̃ exactly as the original sees x: the first layer's weights become W / a and its biases
 * absorb the shift. In model units x = s·I + o, so x = x̃ / a + d with d = o − (o + s·c) / a per input
 * channel, hence W̃ = W / a and b̃_k = b_k + Σ_i W_ik·d_i over every input the unit sees (channels and
 * kernel taps); with s = 1, o = 0 this is the definition's b̃_k = b_k − (c/a)·Σ_i W_ik.
 *
 * @param name    {@code inversion}, {@code shift} or {@code rescale}
 * @param a       the display-space factor
 * @param c       the display-space offset
 */
public record ReEncoding(String name, double a, double c) {

    public ReEncoding {
        if (a == 0 || !Double.isFinite(a) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("re-encoding " + name + " needs a finite a != 0 and a finite c");
        }
    }

    /** The three re-encodings of docs/algorithms.md §5.4, with the given shift for a = 1. */
    public static List<ReEncoding> standard(double shift) {
        return List.of(new ReEncoding("inversion", -1, 1), new ReEncoding("shift", 1, shift),
                new ReEncoding("rescale", 2, -1));
    }

    /** x̃ in display units: a·I + c (not clipped: the rewritten network is exact for any value). */
    public INDArray encodeDisplay(INDArray display) {
        return display.mul(a).addi(c);
    }

    /** x̃ in model units for display intensities {@code display} under {@code space}. */
    public INDArray encodeModel(INDArray display, InputSpace space, DataType type) {
        return space.toModel(encodeDisplay(display), type);
    }

    /**
     * How far the rewritten network's logits are from the original's: the largest absolute difference
     * relative to the largest absolute original logit. Rounding alone gives about 1e-7 in float.
     */
    public static double logitMismatch(INDArray original, INDArray rewritten) {
        INDArray l = original.castTo(DataType.DOUBLE);
        double scale = Math.max(1e-12, Transforms.abs(l, true).maxNumber().doubleValue());
        return Transforms.abs(rewritten.castTo(l.dataType()).sub(l), true).maxNumber().doubleValue() / scale;
    }

    /** The input layer this rewrite changes, and whether it zero-pads (the identity then fails at borders). */
    public record FirstLayer(String name, boolean padded) {
    }

    /** Describes the layer {@link #rewrite} would change, or throws when it cannot be rewritten. */
    public static FirstLayer firstLayer(Model model) {
        Layer l = inputLayer(model);
        return new FirstLayer(l.conf().getLayer().getLayerName() == null ? "layer 0"
                : l.conf().getLayer().getLayerName(), pads(l));
    }

    /** A deep copy of {@code model} whose first layer is rewritten for this re-encoding (original untouched). */
    public Model rewrite(Model model, InputSpace space) {
        Model copy = AnalysisCopies.copyOf(model, true);
        Layer first = inputLayer(copy);
        INDArray w = first.getParam("W");
        INDArray b = first.getParam("b");
        INDArray perUnitShift;
        if (first.conf().getLayer() instanceof ConvolutionLayer) {
            // W is [out, in, kh, kw]: sum the taps per (out, in), then weight each input channel by its d
            INDArray tapSums = w.sum(2, 3);
            INDArray d = shiftPerChannel(space, (int) w.size(1)).castTo(w.dataType());
            perUnitShift = tapSums.mmul(d.reshape(d.length(), 1)).reshape(1, w.size(0));
        } else {
            if (space.channels() != 1) {
                throw new IllegalArgumentException("re-encoding through a dense first layer needs one preprocessing "
                        + "for all channels; this model's preprocessing declares " + space.channels());
            }
            // W is [nIn, nOut]: every input shares the same d
            perUnitShift = w.sum(0).reshape(1, w.size(1)).muli(shiftPerChannel(space, 1).getDouble(0));
        }
        b.addi(perUnitShift.reshape(b.shape()).castTo(b.dataType()));
        w.divi(a);
        return copy;
    }

    private INDArray shiftPerChannel(InputSpace space, int channels) {
        double[] d = new double[channels];
        for (int ch = 0; ch < channels; ch++) {
            double s = space.scale(ch);
            double o = space.offset(ch);
            d[ch] = o - (o + s * c) / a;
        }
        return org.nd4j.linalg.factory.Nd4j.createFromArray(d);
    }

    private static Layer inputLayer(Model model) {
        Layer first;
        if (model instanceof MultiLayerNetwork m) {
            first = m.getLayer(0);
        } else {
            ComputationGraph g = (ComputationGraph) model;
            if (g.getConfiguration().getNetworkInputs().size() != 1) {
                throw new IllegalArgumentException("re-encoding needs a graph with one input, this one has "
                        + g.getConfiguration().getNetworkInputs());
            }
            String input = g.getConfiguration().getNetworkInputs().get(0);
            List<String> readers = new ArrayList<>();
            g.getConfiguration().getVertexInputs().forEach((vertex, inputs) -> {
                if (inputs.contains(input)) {
                    readers.add(vertex);
                }
            });
            if (readers.size() != 1) {
                throw new IllegalArgumentException("re-encoding needs exactly one layer reading the input '" + input
                        + "', found " + readers);
            }
            GraphVertex v = g.getVertex(readers.get(0));
            if (!v.hasLayer()) {
                throw new IllegalArgumentException("re-encoding needs a convolution or dense layer on the input; '"
                        + readers.get(0) + "' is a " + v.getClass().getSimpleName());
            }
            first = v.getLayer();
        }
        Object conf = first.conf().getLayer();
        boolean plainConv = conf instanceof ConvolutionLayer && conf.getClass() == ConvolutionLayer.class;
        if (!plainConv && !(conf instanceof DenseLayer)) {
            throw new IllegalArgumentException("re-encoding needs a ConvolutionLayer or DenseLayer on the input; "
                    + "the first layer is a " + conf.getClass().getSimpleName());
        }
        if (!first.paramTable().containsKey("b")) {
            throw new IllegalArgumentException("re-encoding needs a bias in the first layer to absorb the shift; '"
                    + first.conf().getLayer().getLayerName() + "' has none");
        }
        return first;
    }

    private static boolean pads(Layer l) {
        if (!(l.conf().getLayer() instanceof ConvolutionLayer conv)) {
            return false;
        }
        if (conv.getConvolutionMode() == ConvolutionMode.Same) {
            return true;
        }
        for (int p : conv.getPadding()) {
            if (p != 0) {
                return true;
            }
        }
        return false;
    }
}
