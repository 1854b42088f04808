package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CenterLossOutputLayer;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.api.Model;

import java.util.Arrays;
import java.util.Set;

/**
 * The layout the engine computes in. oneDNN, behind ND4J's conv2d and pooling ops, works in
 * channels-last memory: in NCHW every call reorders its input and output, which made a 64-channel
 * 3×3 convolution at 224² take 1.7× as long and a 2×2 max-pooling 15× as long as in NHWC. An image
 * classifier declared NCHW and made only of layers known to compute the same function in NHWC is
 * therefore converted on its analysis copies: the copy's configuration says NHWC, the batch is
 * transposed once on entry and the input signal once on exit, and the flattening before the dense
 * head keeps NCHW order so the dense weights still apply. Anything else is left as declared.
 */
final class InternalLayout {
    private static final Set<Class<?>> CONVERTIBLE = Set.of(ConvolutionLayer.class, Convolution2D.class,
            SubsamplingLayer.class, BatchNormalization.class, ZeroPaddingLayer.class, GlobalPoolingLayer.class,
            ActivationLayer.class, DropoutLayer.class, DenseLayer.class, OutputLayer.class,
            CenterLossOutputLayer.class, LossLayer.class);

    private InternalLayout() {
    }

    /**
     * Whether {@code model} is computed in NHWC by the engine: declared NCHW, with at least one
     * convolution, and every layer, preprocessor and vertex among those converted exactly.
     */
    static boolean nhwc(Model model) {
        if (model instanceof MultiLayerNetwork m) {
            MultiLayerConfiguration conf = m.getLayerWiseConfigurations();
            boolean conv = false;
            for (int i = 0; i < conf.getConfs().size(); i++) {
                Layer l = conf.getConf(i).getLayer();
                if (!convertible(l) || !convertible(conf.getInputPreProcess(i))) {
                    return false;
                }
                conv |= l instanceof ConvolutionLayer;
            }
            return conv;
        }
        ComputationGraphConfiguration conf = ((ComputationGraph) model).getConfiguration();
        boolean conv = false;
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv) {
                Layer l = lv.getLayerConf().getLayer();
                if (!convertible(l) || !convertible(lv.getPreProcessor())) {
                    return false;
                }
                conv |= l instanceof ConvolutionLayer;
            } else if (!(v instanceof ElementWiseVertex) && !(v instanceof MergeVertex mv && mv.getMergeAxis() == 1)) {
                return false;
            }
        }
        return conv;
    }

    private static boolean convertible(Layer l) {
        if (l == null || !CONVERTIBLE.contains(l.getClass())) {
            return false;
        }
        if (l instanceof ConvolutionLayer c) {
            return c.getCnn2dDataFormat() == null || c.getCnn2dDataFormat() == CNN2DFormat.NCHW;
        }
        if (l instanceof SubsamplingLayer s) {
            return s.getCnn2dDataFormat() == null || s.getCnn2dDataFormat() == CNN2DFormat.NCHW;
        }
        if (l instanceof BatchNormalization b) {
            return b.getCnn2DFormat() == null || b.getCnn2DFormat() == CNN2DFormat.NCHW;
        }
        if (l instanceof ZeroPaddingLayer z) {
            return z.getDataFormat() == null || z.getDataFormat() == CNN2DFormat.NCHW;
        }
        if (l instanceof GlobalPoolingLayer g) {
            return g.getPoolingDimensions() == null || Arrays.equals(g.getPoolingDimensions(), new int[] {2, 3});
        }
        return true;
    }

    /** The flattening before a dense layer, and the reshape of flat rows into images. */
    private static boolean convertible(InputPreProcessor p) {
        return p == null || p instanceof FeedForwardToCnnPreProcessor || (p instanceof CnnToFeedForwardPreProcessor c
                && (c.getFormat() == null || c.getFormat() == CNN2DFormat.NCHW));
    }

    /** Rewrites a cloned configuration of a model for which {@link #nhwc} holds to NHWC. */
    static void convert(Object conf) {
        if (conf instanceof MultiLayerConfiguration m) {
            for (NeuralNetConfiguration c : m.getConfs()) {
                convert(c.getLayer());
            }
            return;
        }
        for (GraphVertex v : ((ComputationGraphConfiguration) conf).getVertices().values()) {
            if (v instanceof LayerVertex lv) {
                convert(lv.getLayerConf().getLayer());
            }
        }
    }

    private static void convert(Layer l) {
        if (l instanceof ConvolutionLayer c) {
            c.setCnn2dDataFormat(CNN2DFormat.NHWC);
        } else if (l instanceof SubsamplingLayer s) {
            s.setCnn2dDataFormat(CNN2DFormat.NHWC);
        } else if (l instanceof BatchNormalization b) {
            b.setCnn2DFormat(CNN2DFormat.NHWC);
        } else if (l instanceof ZeroPaddingLayer z) {
            z.setDataFormat(CNN2DFormat.NHWC);
        } else if (l instanceof GlobalPoolingLayer g) {
            g.setPoolingDimensions(new int[] {1, 2});
        }
    }
}
