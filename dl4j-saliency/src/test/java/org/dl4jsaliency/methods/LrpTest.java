package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.rules.AlphaBetaRule;
import org.dl4jsaliency.rules.EpsilonRule;
import org.dl4jsaliency.rules.ZBoxRule;
import org.dl4jsaliency.spi.GraphVariant;
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

/** LRP against exact identities and conservation (docs/algorithms.md §3). */
class LrpTest {

    /** Conv → BN → ReLU → max-pool → conv(ReLU) → avg-pool → Dense(ReLU) → Output, all ReLU. */
    static MultiLayerNetwork reluMln(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 12, 2)).build());
        net.init();
        TestNets.randomiseBatchNorm(net.getLayers(), seed);
        return net;
    }

    /** A ResNet-style ReLU graph: conv → BN → ReLU → conv(ReLU) → Add → Merge → avg pools → Dense → Output. */
    static ComputationGraph reluResidualGraph(long seed) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same)
                .graphBuilder().addInputs("in")
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "c1")
                .addLayer("r1", new ActivationLayer(Activation.RELU), "bn1")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "r1")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c2", "r1")
                .addLayer("c3", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.RELU).build(), "add")
                .addVertex("merge", new MergeVertex(), "add", "c3")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build(), "merge")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("fc", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "gap")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out").setInputTypes(InputType.convolutional(8, 8, 2)).build());
        g.init();
        TestNets.randomiseBatchNorm(g.getLayers(), seed);
        return g;
    }

    private record Case(Model model, long... shape) {
    }

    private static List<Case> cases() {
        return List.of(new Case(reluMln(71), 2, 2, 12, 12), new Case(reluResidualGraph(72), 2, 2, 8, 8));
    }

    @Test
    void lrpZeroEqualsGradientTimesInputOnReluNetworksWithBiasesAndBatchNorm() {
        for (Case c : cases()) {
            INDArray x = TestNets.input(73, c.shape());
            Explainer ex = Explainer.of(c.model());
            INDArray lrp = ex.explain(x, Targets.all(2), MethodRegistry.create("lrp-0")).map();
            INDArray gxi = ex.explain(x, Targets.all(2), new Gradient(true)).map();
            double err = lrp.sub(gxi).amaxNumber().doubleValue() / gxi.amaxNumber().doubleValue();
            assertTrue(err < 1e-10, "relative error " + err);
            assertTrue(c.model().params().sumNumber().doubleValue() != 0);
        }
    }

    @Test
    void foldedBatchNormGraphComputesTheSameLogits() {
        for (Case c : cases()) {
            INDArray x = TestNets.input(74, c.shape());
            SaliencyEngine engine = SaliencyEngine.of(c.model());
            INDArray folded = engine.withGraph(GraphVariant.BATCH_NORM_FOLDED,
                    g -> g.forward(x)[g.logitsNode().index()]);
            assertTrue(folded.equalsWithEps(engine.logits(x), 1e-10), folded + " vs " + engine.logits(x));
            long identities = engine.withGraph(GraphVariant.BATCH_NORM_FOLDED, g -> g.nodes().stream()
                    .filter(n -> n.name().startsWith("bn1") || n.name().equals("layer1"))
                    .filter(n -> n.kind() == org.dl4jsaliency.spi.NodeKind.IDENTITY).count());
            assertEquals(1, identities, "the BatchNorm was not folded");
        }
    }

    /**
     * With zero biases (and BatchNorm statistics that fold to zero shift) relevance is conserved:
     * the map sums to T as ε and the stabiliser → 0. For z⁺ and γ this holds because in a ReLU network
     * every unit that receives relevance has z &gt; 0, hence a non-empty positive part. ε = 1e-12 loses about ε/|z| per unit (|z| ≳ 1e-4 here), far below the 1e-6
     * relative tolerance; at ε = 1e-9 the loss already reached 6e-6 on units with z near 1e-4.
     */
    @Test
    void epsilonAndAlphaBetaRulesConserveRelevanceWithZeroBiases() {
        for (Case c : cases()) {
            zeroBiasesAndShifts(c.model());
            INDArray x = TestNets.input(75, c.shape());
            Explainer ex = Explainer.of(c.model());
            // Not αβ with β > 0: a unit without negative contributions passes α·R instead of R (see
            // LinearLrpRulesTest.alphaBetaLosesAnEmptyPartInsteadOfReRoutingIt).
            for (String name : List.of("lrp-epsilon", "lrp-alpha1-beta0", "lrp-epsilon-plus", "lrp-gamma")) {
                AttributionMethod m = MethodRegistry.create(name, java.util.Map.of("epsilon", "1e-12",
                        "stabilizer", "1e-12"));
                var a = ex.explain(x, Targets.all(1), m);
                for (int n = 0; n < x.size(0); n++) {
                    double sum = a.map().get(NDArrayIndex.point(n)).sumNumber().doubleValue();
                    double t = a.scores().getDouble(n);
                    assertEquals(t, sum, 1e-6 * Math.abs(t), name + " example " + n + ": sum R = " + sum + ", T = " + t);
                }
            }
        }
    }

    private static void zeroBiasesAndShifts(Model m) {
        org.deeplearning4j.nn.api.Layer[] layers = m instanceof MultiLayerNetwork n ? n.getLayers()
                : ((ComputationGraph) m).getLayers();
        for (org.deeplearning4j.nn.api.Layer l : layers) {
            for (var e : l.paramTable().entrySet()) {
                if (e.getKey().equals("b") || e.getKey().equals("beta") || e.getKey().equals("mean")) {
                    e.getValue().assign(0);
                }
            }
        }
    }

    /**
     * A model that looks for a black patch (negative first-layer weights on it): zB gives the black
     * pixels relevance, LRP-ε at the input cannot (every term is x_i · w).
     */
    @Test
    void zBoxGivesRelevanceToPixelsAtTheLowerBoundWhereTheModelUsesThem() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(76)
                .dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(16).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build()).build());
        net.init();
        INDArray w = net.getLayer(0).getParam("W");
        w.assign(0.1);
        w.get(NDArrayIndex.interval(0, 4), NDArrayIndex.point(0)).assign(-1.0); // unit 0: "patch is dark"
        net.getLayer(0).getParam("b").assign(Nd4j.createFromArray(new double[][] {{4.0, 0.0}}));
        net.getLayer(1).getParam("W").assign(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
        net.getLayer(1).getParam("b").assign(0);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 16).muli(0.5).addi(0.5);
        x.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 4)).assign(0.0);
        Explainer ex = Explainer.of(net);
        LrpComposite zb = LrpComposite.builder().all(new EpsilonRule(1e-9)).inputLayer(new ZBoxRule(0, 1)).build();
        LrpComposite eps = LrpComposite.builder().all(new EpsilonRule(1e-9)).build();
        INDArray rZb = ex.explain(x, Targets.all(0), new LayerwiseRelevance("zb", zb)).map();
        INDArray rEps = ex.explain(x, Targets.all(0), new LayerwiseRelevance("eps", eps)).map();
        INDArray patchZb = rZb.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 4));
        assertTrue(patchZb.minNumber().doubleValue() > 0.1, "zB gives the black patch " + patchZb);
        assertEquals(0.0, rEps.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 4)).amaxNumber().doubleValue());
    }

    @Test
    void compositesAssignRulesByNameIndexTypeAndInputLayer() {
        MultiLayerNetwork net = reluMln(77);
        LrpComposite c = LrpComposite.builder().conv(new AlphaBetaRule(1, 0)).dense(new EpsilonRule(0.5))
                .inputLayer(new ZBoxRule(0, 1)).layer(6, new EpsilonRule(0.25)).build();
        var d = org.dl4jsaliency.engine.ModelDoctor.examine(net, c);
        var rules = new java.util.HashMap<String, String>();
        d.nodes().forEach(n -> rules.put(n.node(), n.rule()));
        assertEquals("lrp-zb[0.0, 1.0]", rules.get("layer0"));
        assertEquals("lrp-alpha1-beta0", rules.get("layer4"));
        assertEquals("lrp-epsilon(0.25)", rules.get("layer6"));
        assertEquals("lrp-epsilon(0.5)", rules.get("layer7"));
        assertEquals("pass", rules.get("layer2"));
        assertEquals("gradient", rules.get("layer3"));          // max-pool: winner takes all
        assertEquals("proportional(1.0E-6)", rules.get("layer5")); // avg-pool: proportional split
        assertEquals("gradient", rules.get("layer1"));          // BatchNorm folded into layer0: identity
    }
}
