package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.RuleAssignment;
import org.dl4jsaliency.spi.RuleContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NaN and infinite values are errors that name where they first appeared, never maps: a model with
 * one NaN weight, a model whose activations overflow, and a rule that passes Inf back.
 */
class NonFiniteValuesTest {
    private static final int SECOND_CONV = 4;

    private static MultiLayerNetwork withNaNWeight() {
        MultiLayerNetwork net = TestNets.convMln(81);
        net.getLayer(SECOND_CONV).getParam("W").putScalar(0, Double.NaN);
        return net;
    }

    @Test
    void aNaNWeightStopsEveryMethodNamingTheLayerAndItsParameter() {
        MultiLayerNetwork net = withNaNWeight();
        INDArray x = TestNets.input(82, 3, 2, 12, 12);
        Explainer ex = Explainer.of(net);
        for (String method : List.of("gradient", "gradient-x-input", "rectgrad", "lrp-epsilon-plus",
                "integrated-gradients", "occlusion", "gradcam")) {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                    () -> ex.explain(x, Targets.predicted(), MethodRegistry.create(method)), method);
            assertTrue(e.getMessage().contains("logits hold NaN/Inf for example(s) [0, 1, 2"), e.getMessage());
            assertTrue(e.getMessage().contains("(ConvolutionLayer): its parameter(s) [W] hold NaN/Inf"),
                    e.getMessage());
        }
        assertEquals(List.of(SECOND_CONV + "_W"), ModelDoctor.nonFiniteParameters(net));
        assertEquals(List.of(), ModelDoctor.nonFiniteParameters(TestNets.convMln(81)));
    }

    /** Dense(6 → 4) → Output(4 → 3), identity activations: overflow is not squashed on its way out. */
    private static MultiLayerNetwork linear(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(3)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void overflowWithFiniteParametersIsNamedAsOverflow() {
        MultiLayerNetwork net = linear(83);
        net.getLayer(0).getParam("W").muli(1e200);
        net.getLayer(1).getParam("W").muli(1e200);
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                () -> SaliencyEngine.of(net).logits(TestNets.input(84, 2, 6)));
        assertTrue(e.getMessage().contains("(OutputLayer): its inputs and parameters are finite, so the values "
                + "overflowed"), e.getMessage());
    }

    @Test
    void onlyTheExamplesWithNonFiniteLogitsAreListedAcrossChunks() {
        MultiLayerNetwork net = linear(85);
        net.getLayer(0).getParam("W").muli(1e10);
        INDArray x = TestNets.input(86, 5, 6);
        x.getRow(3).muli(1e300);
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                () -> SaliencyEngine.builder(net).chunkSize(2).build().logits(x));
        assertTrue(e.getMessage().contains("for example(s) [3]; first at node"), e.getMessage());
        assertTrue(e.getMessage().contains("(DenseLayer)"), e.getMessage());
    }

    @Test
    void aRuleThatPassesInfinityBackIsNamedWithItsNode() {
        MultiLayerNetwork net = TestNets.convMln(87);
        SaliencyEngine engine = SaliencyEngine.of(net);
        String target = engine.withGraph(g -> g.nodes().get(3).name());
        BackwardRule broken = new BackwardRule() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public INDArray[] backward(RuleContext context, INDArray signal) {
                INDArray[] out = context.gradient(signal);
                out[0].putScalar(0, Double.POSITIVE_INFINITY);
                return out;
            }
        };
        RuleAssignment rules = node -> node.name().equals(target) ? broken : null;
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                () -> engine.backward(TestNets.input(88, 3, 2, 12, 12), Targets.predicted(), ExplainedOutput.LOGIT,
                        rules));
        assertTrue(e.getMessage().contains("although the logits are finite"), e.getMessage());
        assertTrue(e.getMessage().contains("node '" + target + "'") && e.getMessage().contains("rule broken"),
                e.getMessage());
    }
}
