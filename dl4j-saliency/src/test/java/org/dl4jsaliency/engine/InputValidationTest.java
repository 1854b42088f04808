package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.TestNets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear exception naming the problem, never a silent wrong map. */
class InputValidationTest {
    private final Explainer explainer = Explainer.of(TestNets.convMln(41));

    private String failure(INDArray x) {
        return assertThrows(IllegalArgumentException.class, () -> explainer.explain(x, "gradient")).getMessage();
    }

    @Test
    void wrongRankIsRejected() {
        assertTrue(failure(Nd4j.rand(DataType.DOUBLE, 2, 12, 12)).contains("rank 3"));
    }

    @Test
    void emptyBatchIsRejected() {
        assertTrue(failure(Nd4j.create(DataType.DOUBLE, 0, 2, 12, 12)).contains("empty"));
    }

    @Test
    void nanAndInfinityAreRejected() {
        INDArray x = TestNets.input(1, 1, 2, 12, 12);
        x.putScalar(new long[] {0, 1, 3, 4}, Double.NaN);
        assertTrue(failure(x).contains("NaN"));
        INDArray y = TestNets.input(1, 1, 2, 12, 12);
        y.putScalar(new long[] {0, 0, 0, 0}, Double.POSITIVE_INFINITY);
        assertTrue(failure(y).contains("infinite"));
    }

    @Test
    void wrongChannelCountNamesTheFailingLayer() {
        String msg = failure(TestNets.input(1, 1, 3, 12, 12));
        assertTrue(msg.contains("layer0") && msg.contains("[1, 3, 12, 12]"), msg);
        // Checked in Java before any native code runs (libnd4j would print its own text to stderr first).
        assertTrue(msg.contains("(ConvolutionLayer) expects 2 input channel(s), got 3"), msg);
    }

    @Test
    void targetOutOfRangeIsRejected() {
        INDArray x = TestNets.input(1, 2, 2, 12, 12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> explainer.explain(x, Targets.all(5), new org.dl4jsaliency.methods.Gradient()));
        assertTrue(e.getMessage().contains("Target class 5") && e.getMessage().contains("5 classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> explainer.explain(x, Targets.perExample(1, 2, 3), new org.dl4jsaliency.methods.Gradient()));
        assertThrows(IllegalArgumentException.class,
                () -> explainer.explain(x, Targets.all(-1), new org.dl4jsaliency.methods.Gradient()));
    }

    @Test
    void perExampleTargetsAreHonoured() {
        INDArray x = TestNets.input(2, 3, 2, 12, 12);
        var a = explainer.explain(x, Targets.perExample(4, 0, 2), new org.dl4jsaliency.methods.Gradient());
        assertEquals(4, a.targets()[0]);
        assertEquals(0, a.targets()[1]);
        assertEquals(2, a.targets()[2]);
        assertEquals(a.logits().getDouble(1, 0), a.scores().getDouble(1), 0.0);
    }

    @Test
    void unsupportedLayerIsRefusedByName() {
        MultiLayerNetwork rnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build())
                .layer(new LSTM.Builder().name("my-lstm").nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3)).build());
        rnn.init();
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> SaliencyEngine.of(rnn));
        assertEquals("my-lstm", e.layerName());
        assertTrue(e.getMessage().contains("LSTM") && e.getMessage().contains("supported layers are"), e.getMessage());
    }

    @Test
    void doctorReportsEveryLayerWithoutThrowing() {
        MultiLayerNetwork rnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build())
                .layer(new LSTM.Builder().name("my-lstm").nOut(4).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3)).build());
        rnn.init();
        ModelDoctor.Diagnosis d = ModelDoctor.examine(rnn, null);
        assertEquals(3, d.layers().size());
        assertTrue(d.layers().get(0).supported());
        assertTrue(!d.layers().get(1).supported() && d.layers().get(1).name().equals("my-lstm"));
        assertTrue(!d.ok());
        assertTrue(d.format().contains("FAIL") && d.format().contains("my-lstm"), d.format());
    }

    @Test
    void doctorShowsTheRuleEachNodeGets() {
        ModelDoctor.Diagnosis d = ModelDoctor.examine(TestNets.convMln(42),
                org.dl4jsaliency.methods.RectifiedGradient.published().rules());
        assertTrue(d.ok());
        var byNode = new java.util.HashMap<String, String>();
        d.nodes().forEach(n -> byNode.put(n.node(), n.rule()));
        assertEquals("rectify(q=98.0)", byNode.get("layer0/activation"));
        assertEquals("border-mask+gradient", byNode.get("layer0"));       // SAME-padded conv
        assertEquals("gradient", byNode.get("layer4"));                   // Truncate conv
        assertEquals("gradient", byNode.get("layer2"));                   // tanh ActivationLayer
        assertEquals("rectify(q=98.0)", byNode.get("layer6/activation")); // fused ReLU in Dense
        assertTrue(!byNode.containsKey("layer7/activation"), "the softmax must be stripped from the logits");
    }

    @Test
    void uninitialisedModelIsRefused() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(2).build()).build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SaliencyEngine.of(net)).getMessage().contains("init()"));
    }
}
