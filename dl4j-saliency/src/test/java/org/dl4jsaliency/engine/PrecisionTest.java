package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.IntegratedGradients;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Precision}: a float model explained in double gives the maps of the same model converted to
 * double by hand, the model itself stays float and untouched, training is still noticed, and double
 * is what LRP-ε with a small ε needs.
 */
class PrecisionTest {
    /** Plain and guided backward passes, inputs the method makes itself, LRP (BatchNorm folded). */
    private static final List<AttributionMethod> METHODS = List.of(MethodRegistry.create("gradient"),
            MethodRegistry.create("guided-backprop"), IntegratedGradients.builder().steps(4).build(),
            MethodRegistry.create("lrp-epsilon-plus"));

    private static MultiLayerNetwork floatMln(long seed) {
        return TestNets.convMln(seed).convertDataType(DataType.FLOAT);
    }

    private static ComputationGraph floatGraph(long seed) {
        return TestNets.residualGraph(seed, CNN2DFormat.NCHW).convertDataType(DataType.FLOAT);
    }

    private static List<Model> floatModels() {
        return List.of(floatMln(81), floatGraph(82));
    }

    private static INDArray input(Model m) {
        long side = m instanceof MultiLayerNetwork ? 12 : 8;
        return TestNets.input(83, 3, 2, side, side).castTo(DataType.FLOAT);
    }

    /** The independent oracle: the model converted to double by DL4J itself, explained in its own type. */
    private static Model convertedByHand(Model m) {
        return m instanceof MultiLayerNetwork n ? n.convertDataType(DataType.DOUBLE)
                : ((ComputationGraph) m).convertDataType(DataType.DOUBLE);
    }

    private static Explainer inDouble(Model m, boolean copyParameters) {
        return Explainer.of(SaliencyEngine.builder(m).precision(Precision.DOUBLE).copyParameters(copyParameters)
                .build());
    }

    private static INDArray map(Explainer ex, INDArray x, AttributionMethod method) {
        return ex.explain(x, Targets.all(1), method).map();
    }

    private static INDArray map(Explainer ex, INDArray x, String method) {
        return map(ex, x, MethodRegistry.create(method));
    }

    /** max |a − b| ÷ max |b|, in double. */
    private static double relativeError(INDArray a, INDArray b) {
        INDArray ref = b.castTo(DataType.DOUBLE);
        return a.castTo(DataType.DOUBLE).sub(ref).amaxNumber().doubleValue() / ref.amaxNumber().doubleValue();
    }

    @Test
    void aFloatModelExplainedInDoubleGivesTheMapsOfTheModelConvertedByHand() {
        for (Model m : floatModels()) {
            INDArray x = input(m);
            Explainer doubled = inDouble(m, true);
            Explainer oracle = Explainer.of(convertedByHand(m));
            assertEquals(DataType.DOUBLE, doubled.engine().dataType());
            assertEquals(DataType.FLOAT, Explainer.of(m).engine().dataType(), "the default keeps the model's type");
            for (AttributionMethod method : METHODS) {
                INDArray got = map(doubled, x, method);
                INDArray expected = map(oracle, x, method);
                String what = m.getClass().getSimpleName() + " " + method.name();
                assertEquals(DataType.DOUBLE, got.dataType(), what);
                assertEquals(DataType.DOUBLE, expected.dataType(), what);
                assertTrue(expected.amaxNumber().doubleValue() > 0, what + ": a map that is not all zero");
                assertTrue(relativeError(got, expected) <= 1e-12, what + ": " + relativeError(got, expected));
                assertTrue(relativeError(map(Explainer.of(m), x, method), expected) > 1e-12,
                        what + ": the float map differs from the double one, or this test would prove nothing");
            }
        }
    }

    @Test
    void floatPrecisionExplainsADoubleModelInFloat() {
        Model m = TestNets.convMln(84);
        INDArray x = input(m);
        Explainer floated = Explainer.of(SaliencyEngine.builder(m).precision(Precision.FLOAT).build());
        Explainer oracle = Explainer.of(((MultiLayerNetwork) m).convertDataType(DataType.FLOAT));
        for (AttributionMethod method : METHODS) {
            INDArray got = map(floated, x, method);
            assertEquals(DataType.FLOAT, got.dataType(), method.name());
            assertEquals(map(oracle, x, method), got, method.name());
        }
    }

    @Test
    void theUsersFloatModelIsLeftAsItWas() {
        for (Model m : floatModels()) {
            INDArray params = m.params().dup();
            String conf = m instanceof MultiLayerNetwork n ? n.getLayerWiseConfigurations().toJson()
                    : ((ComputationGraph) m).getConfiguration().toJson();
            INDArray x = input(m);
            INDArray before = TestNets.output(m, x);
            for (boolean copy : new boolean[] {true, false}) {
                Explainer ex = inDouble(m, copy);
                for (AttributionMethod method : METHODS) {
                    map(ex, x, method);
                }
            }
            String what = m.getClass().getSimpleName();
            assertEquals(DataType.FLOAT, m.params().dataType(), what);
            assertEquals(params, m.params(), what + ": parameters bit-identical");
            assertEquals(conf, m instanceof MultiLayerNetwork n ? n.getLayerWiseConfigurations().toJson()
                    : ((ComputationGraph) m).getConfiguration().toJson(), what);
            assertEquals(before, TestNets.output(m, x), what);
        }
    }

    @Test
    void trainingTheFloatModelReachesTheDoubleCopy() {
        for (boolean copy : new boolean[] {true, false}) {
            for (Model m : floatModels()) {
                INDArray x = input(m);
                Explainer ex = inDouble(m, copy);
                INDArray before = map(ex, x, "gradient");
                INDArray labels = Nd4j.zeros(DataType.FLOAT, x.size(0), m instanceof MultiLayerNetwork ? 5 : 4);
                labels.getColumn(0).assign(1);
                if (m instanceof MultiLayerNetwork n) {
                    n.fit(new DataSet(x, labels));
                } else {
                    ((ComputationGraph) m).fit(new DataSet(x, labels));
                }
                String what = m.getClass().getSimpleName() + (copy ? "" : " copyParameters(false)");
                assertEquals(DataType.FLOAT, m.params().dataType(), what);
                Explainer oracle = Explainer.of(convertedByHand(m));
                for (AttributionMethod method : METHODS) {
                    double error = relativeError(map(ex, x, method), map(oracle, x, method));
                    assertTrue(error <= 1e-12, what + " " + method.name() + ": " + error);
                }
                assertNotEquals(before, map(ex, x, "gradient"), what + ": training changed nothing");
            }
        }
    }

    @Test
    void inPlaceEditsReachTheDoubleCopyAfterRefresh() {
        Model m = floatMln(85);
        INDArray x = input(m);
        Explainer ex = inDouble(m, false);
        INDArray before = map(ex, x, "gradient");
        m.params().muli(1.5);
        assertEquals(before, map(ex, x, "gradient"), "a converted copy does not follow in-place edits by itself");
        ex.engine().refresh();
        assertTrue(relativeError(map(ex, x, "gradient"), map(Explainer.of(convertedByHand(m)), x, "gradient")) <= 1e-12);
    }

    /**
     * A float ReLU network whose first hidden unit has, on example 0, a pre-activation of ε = 1e-6: the
     * kind of unit a large model has by the thousand. Its bias is set in double so that the float sum lands
     * there, within float rounding (about 1e-7 of the summed magnitudes, comparable to ε itself).
     */
    private static MultiLayerNetwork reluNetWithAUnitNearEpsilon(INDArray x) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(86).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(16).nOut(32).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(16))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray w = net.getLayer(0).getParam("W").castTo(DataType.DOUBLE);
        INDArray b = net.getLayer(0).getParam("b");
        double z = x.getRow(0).castTo(DataType.DOUBLE).mmul(w.getColumn(0)).getDouble(0) + b.getDouble(0);
        b.putScalar(0, b.getDouble(0) - z + 1e-6);
        return net;
    }

    /** Errors against the double reference of LRP-ε with {@code epsilon}: {float precision, double precision}. */
    private static double[] lrpEpsilonErrors(MultiLayerNetwork net, INDArray x, double epsilon) {
        var method = MethodRegistry.create("lrp-epsilon", Map.of("epsilon", Double.toString(epsilon)));
        INDArray reference = Explainer.of(net.convertDataType(DataType.DOUBLE))
                .explain(x, Targets.all(0), method).map();
        INDArray inFloat = Explainer.of(net).explain(x, Targets.all(0), method).map();
        INDArray inDouble = Explainer.of(SaliencyEngine.builder(net).precision(Precision.DOUBLE).build())
                .explain(x, Targets.all(0), method).map();
        return new double[] {relativeError(inFloat, reference), relativeError(inDouble, reference)};
    }

    @Test
    void lrpEpsilonWithASmallEpsilonNeedsDouble() {
        Nd4j.getRandom().setSeed(87);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 16);
        MultiLayerNetwork net = reluNetWithAUnitNearEpsilon(x);
        double[] small = lrpEpsilonErrors(net, x, 1e-6);
        double[] large = lrpEpsilonErrors(net, x, 1e-2);
        assertTrue(small[0] > 1e-4, "float32 at ε = 1e-6 is off by " + small[0] + ": the unit near ε did not show");
        assertTrue(small[0] > 1e4 * small[1], "float " + small[0] + " against double " + small[1]);
        assertTrue(small[0] > 100 * large[0], "at ε = 1e-2 float32 is well-conditioned: " + large[0]
                + " against " + small[0] + " at ε = 1e-6");
    }

    @Test
    void precisionIsNamedInConfigurationsAndChecked() {
        assertEquals(Precision.DOUBLE, Precision.parse("double"));
        assertEquals(Precision.FLOAT, Precision.parse(" Float "));
        assertEquals(Precision.MODEL, Precision.parse("MODEL"));
        assertEquals("double", Precision.DOUBLE.label());
        assertEquals("float", Precision.labelOf(DataType.FLOAT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("half"));
        assertEquals("precision must be one of model, float, double, got 'half'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SaliencyEngine.builder(floatMln(88)).precision(null));
    }
}
