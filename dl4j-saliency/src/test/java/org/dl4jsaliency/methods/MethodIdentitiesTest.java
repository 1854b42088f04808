package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact identities between methods (docs/algorithms.md §2). */
class MethodIdentitiesTest {

    private record Case(Model model, long... shape) {
        INDArray input(long seed) {
            return TestNets.input(seed, shape);
        }
    }

    private static List<Case> cases() {
        return List.of(new Case(TestNets.convMln(21), 3, 2, 12, 12),
                new Case(TestNets.residualGraph(22, CNN2DFormat.NCHW), 3, 2, 8, 8),
                new Case(TestNets.residualGraph(23, CNN2DFormat.NHWC), 3, 8, 8, 2));
    }

    @Test
    void inputTimesNoBiasRectGradEqualsRectGrad() {
        for (Case c : cases()) {
            Explainer ex = Explainer.of(c.model());
            INDArray x = c.input(31);
            // q = 80, not 98: these test nets have dense layers of < 25 units, where q = 98 blocks everything.
            INDArray rect = ex.explain(x, Targets.predicted(), RectifiedGradient.builder().q(80).build()).map();
            INDArray noBias = ex.explain(x, Targets.predicted(),
                    RectifiedGradient.builder().q(80).multiplyInput(false).build()).map();
            assertEquals(x.mul(noBias), rect);
            assertTrue(noBias.amaxNumber().doubleValue() > 0, "degenerate: NoBias-RectGrad is all zero");
        }
    }

    @Test
    void rectGradWithZeroThresholdIsGuidedBackprop() {
        for (Case c : cases()) {
            Explainer ex = Explainer.of(c.model());
            INDArray x = c.input(32);
            RectifiedGradient tau0 = RectifiedGradient.builder().threshold(0).paddingTrick(false)
                    .multiplyInput(false).build();
            INDArray rect = ex.explain(x, Targets.all(1), tau0).map();
            INDArray guided = ex.explain(x, Targets.all(1), new GuidedBackprop()).map();
            assertEquals(guided, rect);
            INDArray grad = ex.explain(x, Targets.all(1), new Gradient()).map();
            assertTrue(!grad.equals(guided), "degenerate: guided backprop equals the gradient");
        }
    }

    @Test
    void gradientTimesInputIsInputTimesGradient() {
        for (Case c : cases()) {
            Explainer ex = Explainer.of(c.model());
            INDArray x = c.input(33);
            INDArray gxi = ex.explain(x, "gradient-x-input").map();
            INDArray g = ex.explain(x, "gradient").map();
            assertEquals(x.mul(g), gxi);
        }
    }

    @Test
    void inputMultipliedMapsAreExactlyZeroWhereInputIsZeroButNoBiasIsNot() {
        Model m = TestNets.convMln(24);
        INDArray x = TestNets.input(34, 2, 2, 12, 12);
        x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(3, 9), NDArrayIndex.interval(3, 9)).assign(0);
        Explainer ex = Explainer.of(m);
        RectifiedGradient lowQ = RectifiedGradient.builder().q(50).build();
        RectifiedGradient lowQNoBias = RectifiedGradient.builder().q(50).multiplyInput(false).build();
        INDArray rect = ex.explain(x, Targets.predicted(), lowQ).map()
                .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(3, 9), NDArrayIndex.interval(3, 9));
        INDArray noBias = ex.explain(x, Targets.predicted(), lowQNoBias).map()
                .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(3, 9), NDArrayIndex.interval(3, 9));
        assertEquals(0.0, rect.amaxNumber().doubleValue());
        assertTrue(noBias.amaxNumber().doubleValue() > 0, "NoBias-RectGrad gives the zero region nothing");
    }

    /**
     * q = 0 on a network whose ReLUs are all active: τ is the minimum score of each layer, and the
     * strict comparison blocks exactly the minimum-score units. Checked against a hand-written
     * backward over the weight matrices.
     */
    @Test
    void rectGradWithQZeroOnAllActiveNetworkBlocksOnlyTheMinimumScoreUnits() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(4)).build());
        net.init();
        Nd4j.getRandom().setSeed(6);
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).addi(0.1)); // all positive: all active
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 4).addi(0.1);
        int t = 2;
        INDArray map = Explainer.of(net).explain(x, Targets.all(t),
                RectifiedGradient.builder().q(0).build()).map();

        INDArray w1 = net.getLayer(0).getParam("W");
        INDArray b1 = net.getLayer(0).getParam("b");
        INDArray w2 = net.getLayer(1).getParam("W");
        INDArray b2 = net.getLayer(1).getParam("b");
        INDArray w3 = net.getLayer(2).getParam("W");
        for (int n = 0; n < 2; n++) {
            INDArray xi = x.getRow(n, true);
            INDArray a1 = xi.mmul(w1).addRowVector(b1);
            INDArray a2 = a1.mmul(w2).addRowVector(b2);
            assertTrue(a1.minNumber().doubleValue() > 0 && a2.minNumber().doubleValue() > 0, "not all active");
            INDArray g2 = w3.getColumn(t).reshape(1, 5);
            INDArray s2 = a2.mul(g2);
            INDArray g2r = g2.mul(s2.gt(s2.minNumber()).castTo(DataType.DOUBLE));
            INDArray g1 = g2r.mmul(w2.transpose());
            INDArray s1 = a1.mul(g1);
            INDArray g1r = g1.mul(s1.gt(s1.minNumber()).castTo(DataType.DOUBLE));
            INDArray expected = g1r.mmul(w1.transpose()).mul(xi);
            assertTrue(expected.equalsWithEps(map.getRow(n, true), 1e-12), "example " + n + ": " + expected + " vs " + map.getRow(n, true));
        }
    }

    @Test
    void chunkingDoesNotChangeMaps() {
        Model m = TestNets.convMln(25);
        INDArray x = TestNets.input(35, 5, 2, 12, 12);
        INDArray whole = Explainer.of(SaliencyEngine.builder(m).chunkSize(16).build())
                .explain(x, Targets.predicted(), RectifiedGradient.published()).map();
        INDArray single = Explainer.of(SaliencyEngine.builder(m).chunkSize(2).build())
                .explain(x, Targets.predicted(), RectifiedGradient.published()).map();
        assertEquals(whole, single);
    }
}
