package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.methods.IntegratedGradients.Baseline;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Integrated Gradients against closed forms (linear models) and its completeness property (docs/algorithms.md §4). */
class IntegratedGradientsTest {

    /** Conv(tanh) → Dense(softplus) → Output(identity): smooth, so the midpoint rule converges as 1/m². */
    private static MultiLayerNetwork smoothNet(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.SOFTPLUS).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(8, 8, 2)).build());
        net.init();
        // Larger weights than Xavier's make the path curved enough for a clear midpoint error.
        net.params().muli(2);
        return net;
    }

    private static Attribution integrate(MultiLayerNetwork net, INDArray x, Targets t, IntegratedGradients ig) {
        return Explainer.of(net).explain(x, t, ig);
    }

    @Test
    void completenessDeltaShrinksAsStepsGrowAndMatchesTheModelsOwnOutput() {
        MultiLayerNetwork net = smoothNet(3);
        INDArray x = TestNets.input(4, 2, 2, 8, 8);
        INDArray baseline = TestNets.input(5, 1, 2, 8, 8).muli(0.2);
        Attribution coarse = integrate(net, x, Targets.predicted(),
                IntegratedGradients.builder().steps(5).baseline(baseline).build());
        Attribution fine = integrate(net, x, Targets.predicted(),
                IntegratedGradients.builder().steps(200).baseline(baseline).build());
        INDArray outX = net.output(x);
        INDArray outBaseline = net.output(baseline.repeat(0, 2));
        for (Attribution a : List.of(coarse, fine)) {
            INDArray delta = a.extras().get(IntegratedGradients.COMPLETENESS_DELTA);
            for (int i = 0; i < 2; i++) {
                int t = a.targets()[i];
                assertEquals(outX.argMax(1).getInt(i), t, "target resolved at x");
                double change = outX.getDouble(i, t) - outBaseline.getDouble(i, t);
                double sum = a.map().get(NDArrayIndex.point(i)).sumNumber().doubleValue();
                assertEquals(sum - change, delta.getDouble(i), 1e-12, "delta against DL4J's own output");
            }
        }
        INDArray dCoarse = Transforms.abs(coarse.extras().get(IntegratedGradients.COMPLETENESS_DELTA));
        INDArray dFine = Transforms.abs(fine.extras().get(IntegratedGradients.COMPLETENESS_DELTA));
        for (int i = 0; i < 2; i++) {
            assertTrue(dCoarse.getDouble(i) > 1e-6, "degenerate: the path is straight, delta(5) = " + dCoarse.getDouble(i));
            // The midpoint rule's error falls as 1/m²: (200/5)² = 1600; ask for 400.
            assertTrue(dFine.getDouble(i) < dCoarse.getDouble(i) / 400,
                    "example " + i + ": |delta| " + dCoarse.getDouble(i) + " at m=5, " + dFine.getDouble(i) + " at m=200");
        }
    }

    @Test
    void linearModelGivesInputMinusBaselineTimesWeightsForEveryBaseline() {
        MultiLayerNetwork net = LinearModels.image(7, 3, 5, 6, 4);
        INDArray x = TestNets.input(8, 2, 3, 5, 6);
        INDArray given = TestNets.input(9, 1, 3, 5, 6);
        INDArray perChannel = Nd4j.zeros(DataType.DOUBLE, 1, 3, 5, 6);
        double[] black = {-0.5, 0.25, 1.5};
        for (int c = 0; c < 3; c++) {
            perChannel.get(NDArrayIndex.all(), NDArrayIndex.point(c)).assign(black[c]);
        }
        Map<Baseline, INDArray> expectedBaselines = Map.of(
                Baseline.zero(), Nd4j.zeros(DataType.DOUBLE, 1, 3, 5, 6),
                Baseline.constant(0.3), Nd4j.zeros(DataType.DOUBLE, 1, 3, 5, 6).addi(0.3),
                Baseline.black(black), perChannel,
                Baseline.of(given), given);
        for (int t = 0; t < 4; t++) {
            INDArray w = LinearModels.weights(net, t, 1, 3, 5, 6);
            for (Map.Entry<Baseline, INDArray> e : expectedBaselines.entrySet()) {
                Attribution a = integrate(net, x, Targets.all(t),
                        IntegratedGradients.builder().steps(7).baseline(e.getKey()).build());
                INDArray expected = x.sub(e.getValue().repeat(0, 2)).muli(w.repeat(0, 2));
                assertMaxDiff(expected, a.map(), 1e-12, "baseline " + e.getKey() + ", class " + t);
                assertMaxDiff(Nd4j.zeros(DataType.DOUBLE, 2), a.extras().get(IntegratedGradients.COMPLETENESS_DELTA),
                        1e-12, "completeness of a linear model");
            }
            Attribution blurred = integrate(net, x, Targets.all(t),
                    IntegratedGradients.builder().steps(3).baseline(Baseline.blur(1.2)).build());
            INDArray start = blurred.extras().get(IntegratedGradients.BASELINE);
            assertMaxDiff(x.sub(start).muli(w.repeat(0, 2)), blurred.map(), 1e-12, "blur baseline, class " + t);
            Attribution noMultiplication = integrate(net, x, Targets.all(t),
                    IntegratedGradients.builder().steps(3).multiplyInput(false).build());
            assertMaxDiff(w.repeat(0, 2), noMultiplication.map(), 1e-12, "multiply-input=false is the mean gradient");
        }
    }

    /**
     * The blur baseline against a Gaussian written out here: an impulse spreads into the separable
     * kernel truncated at 3σ, each output pixel's weights normalised over the taps inside the image; a
     * constant image stays constant; NHWC gives the NCHW result permuted.
     */
    @Test
    void blurBaselineIsTheNormalisedGaussianOverHeightAndWidth() {
        INDArray impulse = Nd4j.zeros(DataType.DOUBLE, 1, 2, 11, 12);
        impulse.putScalar(new long[] {0, 1, 4, 6}, 1.0);
        INDArray blurred = Baseline.blur(1).of(impulse, CNN2DFormat.NCHW);
        for (int r = 0; r < 11; r++) {
            for (int c = 0; c < 12; c++) {
                double expected = tap(r, 4, 11) * tap(c, 6, 12);
                assertEquals(expected, blurred.getDouble(0, 1, r, c), 1e-15, "(" + r + ", " + c + ")");
                assertEquals(0.0, blurred.getDouble(0, 0, r, c), "the other channel");
            }
        }
        // Rows 0..2 have kernels cut by the border: row 1 is reached and must use the cut normalisation.
        assertTrue(blurred.getDouble(0, 1, 1, 6) > 0, "degenerate: no border-normalised pixel reached");
        INDArray constant = Nd4j.zeros(DataType.DOUBLE, 2, 3, 6, 5).addi(0.7);
        assertMaxDiff(constant, Baseline.blur(2.5).of(constant, CNN2DFormat.NCHW), 1e-15, "constant image");

        INDArray x = TestNets.input(10, 2, 3, 7, 9);
        INDArray nchw = Baseline.blur(1.7).of(x, CNN2DFormat.NCHW);
        INDArray nhwc = Baseline.blur(1.7).of(x.permute(0, 2, 3, 1).dup(), CNN2DFormat.NHWC);
        assertMaxDiff(nchw.permute(0, 2, 3, 1), nhwc, 1e-15, "NHWC = NCHW permuted");
    }

    @Test
    void chunkSizeDoesNotChangeTheResult() {
        MultiLayerNetwork net = smoothNet(11);
        INDArray x = TestNets.input(12, 3, 2, 8, 8);
        Attribution one = integrate(net, x, Targets.predicted(), IntegratedGradients.builder().steps(10).chunk(3).build());
        Attribution all = integrate(net, x, Targets.predicted(), IntegratedGradients.builder().steps(10).chunk(64).build());
        assertMaxDiff(all.map(), one.map(), 1e-13, "chunk 3 vs 64");
        assertArrayEquals(all.targets(), one.targets());
    }

    @Test
    void registryParametersBuildTheSameMethod() {
        MultiLayerNetwork net = smoothNet(13);
        INDArray x = TestNets.input(14, 2, 2, 8, 8);
        Explainer ex = Explainer.of(net);
        INDArray viaRegistry = ex.explain(x, Targets.all(1), MethodRegistry.create("integrated-gradients",
                Map.of("steps", "6", "baseline", "blur", "sigma", "1.5", "chunk", "4"))).map();
        INDArray viaBuilder = ex.explain(x, Targets.all(1), IntegratedGradients.builder().steps(6)
                .baseline(Baseline.blur(1.5)).build()).map();
        assertMaxDiff(viaBuilder, viaRegistry, 1e-13, "registry vs builder");
        INDArray black = ex.explain(x, Targets.all(1), MethodRegistry.create("integrated-gradients",
                Map.of("steps", "6", "baseline", "black", "black", "-1,0.5"))).map();
        INDArray blackBuilt = ex.explain(x, Targets.all(1), IntegratedGradients.builder().steps(6)
                .baseline(Baseline.black(-1, 0.5)).build()).map();
        assertMaxDiff(blackBuilt, black, 1e-13, "per-channel black");
    }

    @Test
    void badParametersAreRejectedNamingTheParameter() {
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("steps", "0"), "steps",
                Map.of("stepz", "5"), "stepz",
                Map.of("baseline", "grey"), "baseline",
                Map.of("value", "0.5"), "value",
                Map.of("baseline", "constant"), "value",
                Map.of("baseline", "blur", "sigma", "-1"), "sigma",
                Map.of("sigma", "2"), "sigma",
                Map.of("baseline", "black", "black", "0,x"), "black",
                Map.of("chunk", "0"), "chunk",
                Map.of("layout", "chw"), "layout");
        cases.forEach((params, name) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MethodRegistry.create("integrated-gradients", params), params.toString());
            assertTrue(e.getMessage().contains(name), params + ": " + e.getMessage());
        });
        MultiLayerNetwork net = LinearModels.image(15, 3, 4, 4, 2);
        IllegalArgumentException wrongChannels = assertThrows(IllegalArgumentException.class, () -> Explainer.of(net)
                .explain(TestNets.input(16, 1, 3, 4, 4), Targets.predicted(), MethodRegistry.create(
                        "integrated-gradients", Map.of("baseline", "black", "black", "0,1"))));
        assertTrue(wrongChannels.getMessage().contains("black"), wrongChannels.getMessage());
    }

    /** Weight of input position {@code i} in output {@code o} of a σ = 1 blur along an axis of {@code size}. */
    private static double tap(int o, int i, int size) {
        if (Math.abs(o - i) > 3) {
            return 0;
        }
        double norm = 0;
        for (int j = Math.max(0, o - 3); j <= Math.min(size - 1, o + 3); j++) {
            norm += Math.exp(-(o - j) * (o - j) / 2.0);
        }
        return Math.exp(-(o - i) * (o - i) / 2.0) / norm;
    }

    static void assertMaxDiff(INDArray expected, INDArray actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double diff = Transforms.abs(expected.sub(actual)).maxNumber().doubleValue();
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        assertTrue(diff <= tolerance * scale, what + ": max |difference| " + diff);
    }
}
