package org.dl4jsaliency.training;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.SmoothGrad;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.metrics.RelevanceShare;
import org.dl4jsaliency.training.InputBiasListener.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener leaves training bit for bit as it is, evaluates on schedule, writes what it keeps, and
 * records the shares a direct computation on an identically trained network gives.
 */
class InputBiasListenerTest {
    private static final long NET_SEED = 42;
    private static final long RNG_SEED = 1234;
    private static final int CLASSES = 3;

    private static MultiLayerNetwork mln(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                // DL4J applies a layer's dropout to its input: this drops the conv's ReLU output.
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.RELU).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph graph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("dense", new DenseLayer.Builder().nOut(10).activation(Activation.RELU).dropOut(0.5).build(),
                        "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(8, 8, 1))
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** Fixed random images and labels, from java.util.Random so that ND4J's RNG is not involved. */
    private static DataSet data(long seed, int n) {
        Random r = new Random(seed);
        double[][][][] x = new double[n][1][8][8];
        double[][] y = new double[n][CLASSES];
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < 8; h++) {
                for (int w = 0; w < 8; w++) {
                    x[i][0][h][w] = r.nextDouble();
                }
            }
            y[i][r.nextInt(CLASSES)] = 1;
        }
        return new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    /** Three random probes and an all-zero one (whose input-times-gradient map is all zero: NaN share). */
    private static INDArray probes() {
        INDArray x = data(7, 4).getFeatures().dup();
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(3)).assign(0);
        return x;
    }

    /** Regions of 16, 8, 64 and 1 pixels: area shares 0.25, 0.125, 1 and 1/64. */
    private static boolean[][][] regions() {
        boolean[][][] m = new boolean[4][8][8];
        fill(m[0], 2, 6, 2, 6);
        fill(m[1], 0, 2, 4, 8);
        fill(m[2], 0, 8, 0, 8);
        fill(m[3], 5, 6, 1, 2);
        return m;
    }

    private static void fill(boolean[][] mask, int r0, int r1, int c0, int c1) {
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                mask[r][c] = true;
            }
        }
    }

    private static void fit(Model m, DataSet ds) {
        if (m instanceof MultiLayerNetwork n) {
            n.fit(ds);
        } else {
            ((ComputationGraph) m).fit(ds);
        }
    }

    private record Run(INDArray params, double score, double nextRandom) {
    }

    /** Builds a fresh network, seeds ND4J's RNG, trains {@code iterations} steps and draws once more. */
    private static Run train(LongFunction<Model> factory, TrainingListener listener, int iterations) {
        Model m = factory.apply(NET_SEED);
        Nd4j.getRandom().setSeed(RNG_SEED);
        if (listener != null) {
            m.setListeners(listener);
        }
        DataSet ds = data(1, 8);
        for (int i = 0; i < iterations; i++) {
            fit(m, ds);
        }
        return new Run(m.params().dup(), m.score(), Nd4j.getRandom().nextDouble());
    }

    private static InputBiasListener.Builder base() {
        return InputBiasListener.builder().probes(probes(), regions());
    }

    @Test
    void trainingIsUndisturbed() {
        for (LongFunction<Model> factory : List.<LongFunction<Model>>of(InputBiasListenerTest::mln,
                InputBiasListenerTest::graph)) {
            Run without = train(factory, null, 10);
            InputBiasListener listener = base().method("gradient").method("rectgrad", Map.of("q", "90"))
                    .method("smoothgrad", SmoothGrad.builder().samples(4).seed(5).build())
                    .everyIterations(1).build();
            Run with = train(factory, listener, 10);

            assertEquals(30, listener.records().size(), "the listener must actually have run");
            assertNotEquals(factory.apply(NET_SEED).params(), with.params(), "the network must actually have trained");
            // Bit for bit: INDArray.equals would allow a tolerance, double[] equality does not.
            assertArrayEquals(without.params().toDoubleVector(), with.params().toDoubleVector());
            assertEquals(without.score(), with.score());
            assertEquals(without.nextRandom(), with.nextRandom());
        }
    }

    @Test
    void initWithGivenParametersLeavesTheGlobalRngAlone() {
        MultiLayerNetwork net = mln(NET_SEED);
        ComputationGraph cg = graph(NET_SEED);
        Nd4j.getRandom().setSeed(RNG_SEED);
        double expected = Nd4j.getRandom().nextDouble();

        Nd4j.getRandom().setSeed(RNG_SEED);
        new MultiLayerNetwork(net.getLayerWiseConfigurations().clone()).init(net.params().dup(), false);
        assertEquals(expected, Nd4j.getRandom().nextDouble());
        Nd4j.getRandom().setSeed(RNG_SEED);
        new ComputationGraph(cg.getConfiguration().clone()).init(cg.params().dup(), false);
        assertEquals(expected, Nd4j.getRandom().nextDouble());

        // The check can fail: a plain init() re-seeds from the configuration and draws the weights.
        Nd4j.getRandom().setSeed(RNG_SEED);
        new MultiLayerNetwork(net.getLayerWiseConfigurations().clone()).init();
        assertNotEquals(expected, Nd4j.getRandom().nextDouble());
    }

    @Test
    void evaluatesOnScheduleAndWritesTheSameRecords(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("deep/er/bias.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "stale line that build() must truncate\n");
        InputBiasListener perIteration = base().method("gradient").method("rectgrad", Map.of("q", "90"))
                .everyIterations(3).jsonLines(file).build();
        train(InputBiasListenerTest::mln, perIteration, 10);
        perIteration.close();

        List<Record> rs = perIteration.records();
        assertEquals(6, rs.size());
        for (int i = 0; i < rs.size(); i++) {
            assertEquals(new int[] {2, 5, 8}[i / 2], rs.get(i).iteration());
            assertEquals(0, rs.get(i).epoch());
            assertEquals(i % 2 == 0 ? "gradient" : "rectgrad(q=90)", rs.get(i).method());
        }
        assertMatchesFile(rs, file);
        assertThrows(UnsupportedOperationException.class, () -> perIteration.records().clear());

        Path epochFile = dir.resolve("epochs.jsonl");
        // A label JSON must escape: quote, backslash, line break, a control character.
        String awkward = "input \"x\" gradient \\ \n\u0001";
        InputBiasListener perEpoch = base().method("gradient")
                .method(awkward, MethodRegistry.create("gradient-x-input")).everyEpochs(1)
                .jsonLines(epochFile).build();
        MultiLayerNetwork net = mln(NET_SEED);
        net.setListeners(perEpoch);
        net.fit(new ListDataSetIterator<>(data(2, 12).asList(), 4), 2);
        perEpoch.close();

        List<Record> es = perEpoch.records();
        assertEquals(4, es.size());
        for (int i = 0; i < es.size(); i++) {
            assertEquals(i / 2, es.get(i).epoch());
            assertEquals(new int[] {2, 5}[i / 2], es.get(i).iteration());
            assertEquals(i % 2 == 0 ? "gradient" : awkward, es.get(i).method());
        }
        assertTrue(Double.isNaN(es.get(1).shares()[3]), "the zero probe's input-times-gradient map is all zero");
        assertMatchesFile(es, epochFile);
    }

    private static void assertMatchesFile(List<Record> records, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertEquals(records.size(), lines.size());
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            Record r = records.get(i);
            JsonNode j = mapper.readTree(lines.get(i));
            assertEquals(9, j.size(), lines.get(i));
            assertEquals(r.iteration(), j.get("iteration").intValue());
            assertEquals(r.epoch(), j.get("epoch").intValue());
            assertEquals(r.method(), j.get("method").textValue());
            assertEquals(r.score(), number(j.get("score")));
            assertEquals(r.mean(), number(j.get("regionShare")));
            assertEquals(r.std(), number(j.get("regionShareStd")));
            assertEquals(r.areaShare(), number(j.get("areaShare")));
            assertEquals(r.millis(), j.get("millis").longValue());
            double[] shares = new double[j.get("shares").size()];
            for (int k = 0; k < shares.length; k++) {
                shares[k] = number(j.get("shares").get(k));
            }
            assertArrayEquals(r.shares(), shares);
        }
    }

    private static double number(JsonNode n) {
        assertTrue(n.isNull() || n.isNumber(), n.toString());
        return n.isNull() ? Double.NaN : n.doubleValue();
    }

    @Test
    void recordsEqualADirectComputationOnAnIdenticallyTrainedNetwork() {
        // rectgrad's default threshold (q=98) zeroes every map of layers this small; q=90 keeps some.
        Map<String, AttributionMethod> methods = new LinkedHashMap<>();
        methods.put("gradient", MethodRegistry.create("gradient"));
        methods.put("gradient-x-input", MethodRegistry.create("gradient-x-input"));
        methods.put("rectgrad(q=90)", MethodRegistry.create("rectgrad", Map.of("q", "90")));
        InputBiasListener predicted = base().method("gradient").method("gradient-x-input")
                .method("rectgrad", Map.of("q", "90")).everyIterations(2).build();
        int[] labels = {2, 0, 1, 2};
        InputBiasListener fixed = base().targets(labels).method("gradient").everyIterations(2).build();
        Model watched = mln(NET_SEED);
        Nd4j.getRandom().setSeed(RNG_SEED);
        watched.setListeners(predicted, fixed);
        DataSet ds = data(1, 8);
        for (int i = 0; i < 6; i++) {
            fit(watched, ds);
        }

        MultiLayerNetwork independent = mln(NET_SEED);
        Nd4j.getRandom().setSeed(RNG_SEED);
        List<Record> expected = new ArrayList<>();
        List<Record> expectedFixed = new ArrayList<>();
        for (int it = 0; it < 6; it++) {
            independent.fit(ds);
            if ((it + 1) % 2 == 0) {
                for (Map.Entry<String, AttributionMethod> m : methods.entrySet()) {
                    expected.add(direct(independent, it, m.getKey(), m.getValue(), Targets.predicted()));
                }
                expectedFixed.add(direct(independent, it, "gradient", MethodRegistry.create("gradient"),
                        Targets.perExample(labels)));
            }
        }
        assertRecordsClose(expected, predicted.records());
        assertRecordsClose(expectedFixed, fixed.records());
        assertTrue(Double.isNaN(predicted.records().get(1).shares()[3]), "a NaN share must be among those averaged");
        for (Record e : expected) {
            assertTrue(Double.isFinite(e.mean()), "every method must give some non-zero map: " + e);
        }
    }

    /** The record for {@code net} by hand: Explainer, channel sums, relevance shares, two-pass mean and std. */
    private static Record direct(MultiLayerNetwork net, int iteration, String label, AttributionMethod method,
                                 Targets targets) {
        INDArray map = Explainer.of(net).explain(probes(), targets, method).map();
        boolean[][][] regions = regions();
        double[] shares = new double[4];
        List<Double> finite = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            shares[i] = RelevanceShare.of(Maps.channelSum(map, i), regions[i]);
            if (!Double.isNaN(shares[i])) {
                finite.add(shares[i]);
            }
        }
        double mean = finite.stream().mapToDouble(Double::doubleValue).sum() / finite.size();
        double var = finite.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / finite.size();
        double area = (16 + 8 + 64 + 1) / 64.0 / 4;
        return new Record(iteration, 0, label, net.score(), shares, mean, Math.sqrt(var), area, 0);
    }

    private static void assertRecordsClose(List<Record> expected, List<Record> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Record e = expected.get(i);
            Record a = actual.get(i);
            assertEquals(e.iteration(), a.iteration());
            assertEquals(e.epoch(), a.epoch());
            assertEquals(e.method(), a.method());
            assertEquals(e.score(), a.score());
            double[] es = e.shares();
            double[] as = a.shares();
            for (int k = 0; k < es.length; k++) {
                assertEquals(Double.isNaN(es[k]), Double.isNaN(as[k]), "NaN of probe " + k + " in " + a);
                if (!Double.isNaN(es[k])) {
                    assertEquals(es[k], as[k], 1e-12, "probe " + k + " in " + a);
                }
            }
            assertEquals(e.mean(), a.mean(), 1e-12);
            assertEquals(e.std(), a.std(), 1e-12);
            assertEquals(e.areaShare(), a.areaShare(), 1e-15);
        }
    }

    @Test
    void rejectsBadConfigurationsNamingTheCulprit(@TempDir Path dir) throws IOException {
        INDArray x = probes();
        boolean[][][] regions = regions();
        assertMessage("probes", () -> InputBiasListener.builder().method("gradient").everyIterations(1).build());
        assertMessage("regions", () -> InputBiasListener.builder().probes(x, regions[0], regions[1], regions[2])
                .method("gradient").everyIterations(1).build());
        boolean[][][] shortRow = regions();
        shortRow[2][5] = new boolean[7];
        assertMessage("mask of probe 2", () -> InputBiasListener.builder().probes(x, shortRow)
                .method("gradient").everyIterations(1).build());
        boolean[][][] shortMask = regions();
        shortMask[1] = new boolean[7][8];
        shortMask[1][0][0] = true;
        assertMessage("mask of probe 1", () -> InputBiasListener.builder().probes(x, shortMask)
                .method("gradient").everyIterations(1).build());
        boolean[][][] empty = regions();
        empty[3] = new boolean[8][8];
        assertMessage("probe 3 is empty", () -> InputBiasListener.builder().probes(x, empty)
                .method("gradient").everyIterations(1).build());
        INDArray nan = x.dup();
        nan.putScalar(new long[] {1, 0, 2, 2}, Double.NaN);
        assertMessage("probes: Input contains NaN", () -> InputBiasListener.builder().probes(nan, regions)
                .method("gradient").everyIterations(1).build());
        INDArray inf = x.dup();
        inf.putScalar(new long[] {0, 0, 0, 0}, Double.POSITIVE_INFINITY);
        assertMessage("probes: Input contains infinite", () -> InputBiasListener.builder().probes(inf, regions)
                .method("gradient").everyIterations(1).build());
        assertMessage("No methods", () -> base().everyIterations(1).build());
        assertMessage("duplicate label 'rectgrad(q=90)'", () -> base().method("rectgrad", Map.of("q", "90"))
                .method("gradient").method("rectgrad", Map.of("q", "90")).everyIterations(1).build());
        assertMessage("duplicate label 'gradient'", () -> base().method("gradient")
                .method("gradient", MethodRegistry.create("rectgrad")).everyIterations(1).build());
        assertMessage("everyIterations must be at least 1, got 0",
                () -> base().method("gradient").everyIterations(0).build());
        assertMessage("everyEpochs must be at least 1, got -1",
                () -> base().method("gradient").everyEpochs(-1).build());
        assertMessage("either everyIterations or everyEpochs, not both",
                () -> base().method("gradient").everyIterations(1).everyEpochs(1).build());
        assertMessage("No schedule", () -> base().method("gradient").build());
        assertMessage("Unknown method 'no-such-method'",
                () -> base().method("no-such-method").everyIterations(1).build());
        assertMessage("targets: got 3 target classes for 4 probes",
                () -> base().targets(0, 1, 2).method("gradient").everyIterations(1).build());

        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        Path unwritable = blocker.resolve("sub/bias.jsonl");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> base().method("gradient").everyIterations(1).jsonLines(unwritable).build());
        assertTrue(e.getMessage().contains(unwritable.toString()), e.getMessage());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
