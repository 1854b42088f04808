package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.spi.RuleAssignment;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An NCHW image model computed internally in NHWC gives the maps of the same network declared NHWC
 * (same parameters, transposed input), and the signal comes back in the layout the model reads; a
 * model with a layer the conversion does not cover is computed as declared.
 */
class InternalLayoutTest {

    private static boolean converted(SaliencyEngine engine) {
        return engine.withGraph(g -> g.nodes().stream().anyMatch(n -> n.name().endsWith("/nhwc")));
    }

    @Test
    void aConvertedNchwModelMatchesItsNhwcTwin() {
        ComputationGraph nchw = TestNets.residualGraph(61, CNN2DFormat.NCHW);
        ComputationGraph nhwc = TestNets.residualGraph(61, CNN2DFormat.NHWC);
        nhwc.setParams(nchw.params());
        SaliencyEngine converted = SaliencyEngine.of(nchw);
        SaliencyEngine declared = SaliencyEngine.of(nhwc);
        assertTrue(converted(converted));
        assertFalse(converted(declared), "an NHWC model needs no conversion");
        assertEquals(CNN2DFormat.NCHW, converted.withGraph(AnalysisGraph::inputLayout));
        INDArray x = TestNets.input(62, 3, 2, 8, 8);
        INDArray xt = x.permute(0, 2, 3, 1).dup('c');
        for (RuleAssignment rules : List.of(RuleAssignment.gradient(), n -> n.isRelu()
                ? org.dl4jsaliency.rules.RectificationRule.percentile(60) : null)) {
            INDArray a = converted.backward(x, Targets.all(2), ExplainedOutput.LOGIT, rules).signal();
            INDArray b = declared.backward(xt, Targets.all(2), ExplainedOutput.LOGIT, rules).signal()
                    .permute(0, 3, 1, 2);
            assertEquals(List.of(3L, 2L, 8L, 8L), List.of(a.size(0), a.size(1), a.size(2), a.size(3)));
            double scale = Transforms.abs(b, true).maxNumber().doubleValue();
            assertTrue(scale > 0);
            assertEquals(0.0, a.sub(b).amaxNumber().doubleValue() / scale, 1e-12);
        }
    }

    @Test
    void aFlattenKeepsTheDenseWeightsOrder() {
        MultiLayerNetwork net = TestNets.convMln(63);
        SaliencyEngine engine = SaliencyEngine.of(net);
        assertTrue(converted(engine));
        INDArray x = TestNets.input(64, 2, 2, 12, 12);
        INDArray dl4j = net.output(x, false);
        INDArray ours = Transforms.softmax(engine.logits(x), true);
        assertEquals(0.0, dl4j.sub(ours).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void aLayerOutsideTheConversionKeepsTheDeclaredLayout() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(65).dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build())
                .layer(new LocalResponseNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(6, 6, 2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertFalse(converted(SaliencyEngine.of(net)));
    }
}
