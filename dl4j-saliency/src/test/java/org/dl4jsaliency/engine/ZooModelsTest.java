package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.deeplearning4j.zoo.model.VGG19;
import org.deeplearning4j.zoo.model.Xception;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.FiniteDifferences;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.methods.Attribution;
import org.dl4jsaliency.spi.RuleAssignment;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The engine on every image-classification architecture of DL4J's model zoo: random weights
 * ({@code init()}), converted to double precision, at a reduced input size. Per model:
 * <ol>
 *   <li>every registered method runs and gives a finite, not all-zero map of the input's shape;</li>
 *   <li>the plain gradient equals central finite differences of DL4J's own inference output
 *       ({@code output(x, false)} / {@code outputSingle(false, x)}) at {@value #POSITIONS} random input
 *       positions, to a relative error below {@value #TOLERANCE}.</li>
 * </ol>
 *
 * <p><b>Input sizes.</b> The smallest size DL4J accepts is not always usable: RectGrad's padding trick
 * zeroes a 1-pixel border of the signal at every SAME-padded convolution (docs/algorithms.md §2), so a SAME
 * convolution whose output is 2×2 or smaller blocks the whole signal, and a network whose every path
 * runs through one gives an all-zero RectGrad map by definition. Each model therefore runs at the
 * smallest size that DL4J accepts <em>and</em> leaves at least 3×3 at every such bottleneck (see the
 * table in {@link #models()}). That is necessary, not sufficient: RectGrad passes only the top 2% of a
 * layer's units, and if they all lie on the masked border nothing is left (LeNet at 5×5).
 * {@value #CLASSES} classes: a ReLU with fewer than ~26 units blocks everything at q = 98 (SqueezeNet
 * ends in a ReLU over numClasses × 1 × 1 units).
 *
 * <p><b>Weights.</b> Zoo models are built untrained. BatchNorm gets random γ, β and random running
 * statistics placed around the layer's real input statistics ({@link #randomiseBatchNorm}): with
 * the statistics of {@link TestNets#randomiseBatchNorm} alone, ResNet50's TruncatedNormal(0, 0.5)
 * init grows activations to ~1e50 and the softmax is one-hot. SqueezeNet's zoo configuration leaves
 * every convolution at DL4J's default activation, sigmoid (followed by a ReLU layer), so its input
 * gradient is ~1e-11 with the zoo init, below what finite differences resolve; its weights are scaled
 * by 3.5 to bring it to ~1e-6.
 *
 * <p><b>Finite differences.</b> The explained scalar is the target's probability where the softmax is
 * not saturated, else (ResNet50) the log-ratio log p_t − log p_r = z_t − z_r of the two most likely
 * classes, compared with the difference of the engine's two logit gradients. The step h is per
 * model: large enough to be resolved in double precision, small enough not to cross a ReLU or
 * max-pool kink. Chosen from a sweep h = 1e-2 … 1e-7; with a larger step some models cross a kink
 * (errors 1e-3 … 1e-1), with a smaller one rounding dominates.
 */
class ZooModelsTest {
    private static final double TOLERANCE = 1e-5;
    private static final int POSITIONS = 12;
    private static final int CLASSES = 32;
    /** Examples per DL4J forward pass of the finite-difference batch. */
    private static final int FD_CHUNK = 8;
    private static final long SEED = 42;

    /**
     * A zoo architecture as tested.
     *
     * @param shape       [channels, height, width] passed to the builder's {@code inputShape}
     * @param minimum     the smallest square size DL4J's configuration accepts (documentation)
     * @param h           the finite-difference step
     * @param weightScale factor applied to all parameters after {@code init()} (1 = zoo init)
     */
    private record Zoo(String name, int[] shape, int minimum, double h, double weightScale,
                       Function<int[], ZooModel> builder) {
        @Override
        public String toString() {
            return name + " " + shape[0] + "×" + shape[1] + "×" + shape[2];
        }
    }

    /*
     * Sizes. "min" is the smallest square input DL4J's configuration accepts (DL4JInvalidConfigException
     * or an invalid kernel below it); the size used is the smallest that also keeps ≥ 3×3 at every
     * SAME-padded convolution on the way to the logits:
     *   LeNet      min 1  -> 8   (cnn2, SAME, runs at ceil(s/2); 5 keeps 3×3 there, but RectGrad's
     *                             surviving units all lie on the masked border: all-zero map)
     *   SimpleCNN  min 1  -> 33  (layer28/30, SAME, after four ceil-mode 2×2 pools)
     *   AlexNet    min 43 -> 59  (cnn3-5, SAME, after an 11×11/4 conv and two 3×3/2 pools)
     *   VGG16/19   min 1  -> 32  (no SAME convs; DL4J accepts any size, pooling 1×1 maps with 2×2
     *                             windows; 32 is the smallest size where every window lies inside its map)
     *   ResNet50   min 69 -> 69  (identity and projection shortcuts bypass the SAME 3×3 convs)
     *   SqueezeNet min 23 -> 23  (the 1×1 expand branch bypasses the SAME 3×3 one)
     *   Darknet19  min 1  -> 65  (every conv is SAME, the last one after five ceil-mode pools)
     *   Xception   min 7  -> 71  (block14's separable convs, SAME, are the only path to the logits)
     */
    private static List<Zoo> models() {
        return List.of(
                new Zoo("LeNet", new int[] {1, 8, 8}, 1, 1e-4, 1,
                        s -> LeNet.builder().numClasses(CLASSES).inputShape(s).build()),
                new Zoo("SimpleCNN", new int[] {3, 33, 33}, 1, 1e-5, 1,
                        s -> SimpleCNN.builder().numClasses(CLASSES).inputShape(s).build()),
                new Zoo("AlexNet", new int[] {3, 59, 59}, 43, 1e-3, 1,
                        s -> AlexNet.builder().numClasses(CLASSES).inputShape(s).build()),
                new Zoo("VGG16", new int[] {3, 32, 32}, 1, 1e-4, 1,
                        s -> VGG16.builder().numClasses(CLASSES).inputShape(s).build()),
                new Zoo("VGG19", new int[] {3, 32, 32}, 1, 1e-4, 1,
                        s -> VGG19.builder().numClasses(CLASSES).inputShape(s).build()),
                new Zoo("ResNet50", new int[] {3, 69, 69}, 69, 1e-6, 1,
                        s -> ResNet50.builder().numClasses(CLASSES).inputShape(s).build()),
                new Zoo("SqueezeNet", new int[] {3, 23, 23}, 23, 1e-4, 3.5,
                        s -> SqueezeNet.builder().numClasses(CLASSES).inputShape(s).build()),
                new Zoo("Darknet19", new int[] {3, 65, 65}, 1, 1e-5, 1,
                        s -> Darknet19.builder().numClasses(CLASSES).inputShape(s).build()),
                new Zoo("Xception", new int[] {3, 71, 71}, 7, 1e-6, 1,
                        s -> Xception.builder().numClasses(CLASSES).inputShape(s).build()));
    }

    /**
     * Parameters that bound the cost of iterative methods (canonical names, docs/algorithms.md §6), for
     * methods registered later; single-pass methods take their defaults.
     */
    private static Map<String, String> cheapParameters(String method, int[] shape) {
        String window = Integer.toString(Math.max(1, (shape[1] + 2) / 3));
        return switch (method) {
            case "integrated-gradients" -> Map.of("steps", "2");
            case "smoothgrad", "smoothgrad-squared", "vargrad" -> Map.of("samples", "2");
            case "occlusion" -> Map.of("window", window, "stride", window);
            default -> Map.of();
        };
    }

    @TestFactory
    Stream<DynamicContainer> zooModels() {
        return models().stream().map(zoo -> {
            Prepared prepared = new Prepared(zoo);
            return dynamicContainer(zoo.toString(), Stream.of(
                    dynamicTest("every registered method gives a finite, non-zero map of the input's shape",
                            () -> everyMethodGivesAFiniteNonZeroMap(prepared)),
                    dynamicTest("the gradient matches central finite differences of DL4J's own output",
                            () -> {
                                try {
                                    gradientMatchesFiniteDifferences(prepared);
                                } finally {
                                    prepared.release();
                                }
                            })));
        });
    }

    /** Runs in float, as users do (and fast: oneDNN has no double convolutions); the FD check uses double. */
    private static void everyMethodGivesAFiniteNonZeroMap(Prepared p) {
        Model single = p.model() instanceof MultiLayerNetwork mln ? mln.convertDataType(DataType.FLOAT)
                : ((ComputationGraph) p.model()).convertDataType(DataType.FLOAT);
        Explainer explainer = Explainer.of(single);
        INDArray x = p.input().castTo(DataType.FLOAT);
        long start = System.nanoTime();
        Set<String> names = new LinkedHashSet<>(MethodRegistry.names());
        assertFalse(names.isEmpty(), "no methods registered");
        Map<String, String> timings = new LinkedHashMap<>();
        List<Executable> checks = new ArrayList<>();
        for (String name : names) {
            checks.add(() -> {
                long t0 = System.nanoTime();
                Attribution a = explainer.explain(x, Targets.predicted(),
                        MethodRegistry.create(name, cheapParameters(name, p.zoo.shape())));
                timings.put(name, millis(t0) + " ms");
                INDArray map = a.map();
                String what = p.zoo + " " + name;
                assertArrayEquals(x.shape(), map.shape(), what + ": map shape");
                assertFalse(BooleanIndexing.or(map, Conditions.isNan())
                        || BooleanIndexing.or(map, Conditions.isInfinite()), what + ": map has NaN/Inf values");
                assertTrue(map.amaxNumber().doubleValue() > 0, what + ": map is all zero");
            });
        }
        try {
            assertAll(p.zoo + ": methods", checks.stream());
        } finally {
            System.out.printf(Locale.ROOT, "ZooModelsTest %-22s methods in %5d ms %s%n", p.zoo, millis(start), timings);
        }
    }

    private static void gradientMatchesFiniteDifferences(Prepared p) {
        Model net = p.model();
        SaliencyEngine engine = p.engine();
        INDArray x = p.input();
        long start = System.nanoTime();
        INDArray prob = TestNets.output(net, x);
        Zoo zoo = p.zoo;

        // The engine's forward reproduces DL4J's (softmax of its logits = DL4J's probabilities).
        INDArray engineProb = Transforms.softmax(engine.logits(x), true);
        double forwardDiff = Transforms.abs(engineProb.sub(prob)).maxNumber().doubleValue();
        assertTrue(forwardDiff < 1e-12, zoo + ": softmax(engine logits) differs from DL4J's output by " + forwardDiff);

        // Probability of the class with the largest p(1 − p), unless the softmax is saturated.
        int t = 0;
        for (int i = 1; i < prob.size(1); i++) {
            if (spread(prob.getDouble(0, i)) > spread(prob.getDouble(0, t))) {
                t = i;
            }
        }
        boolean useProbability = spread(prob.getDouble(0, t)) > 1e-3;
        int target = useProbability ? t : argmax(prob, -1);
        int rival = useProbability ? -1 : argmax(prob, target);
        INDArray engineGradient;
        String check;
        if (useProbability) {
            engineGradient = engine.backward(x, Targets.all(target), ExplainedOutput.PROBABILITY,
                    RuleAssignment.gradient()).signal();
            check = String.format(Locale.ROOT, "p_%d = %.4f", target, prob.getDouble(0, target));
        } else {
            INDArray gt = engine.backward(x, Targets.all(target), ExplainedOutput.LOGIT, RuleAssignment.gradient()).signal();
            INDArray gr = engine.backward(x, Targets.all(rival), ExplainedOutput.LOGIT, RuleAssignment.gradient()).signal();
            engineGradient = gt.sub(gr);
            check = String.format(Locale.ROOT, "log p_%d − log p_%d (saturated softmax: p_%d = %.3e, p_%d = %.3e)",
                    target, rival, target, prob.getDouble(0, target), rival, prob.getDouble(0, rival));
        }
        assertArrayEquals(x.shape(), engineGradient.shape(), zoo + ": gradient shape");

        long[] at = positions(x.length(), POSITIONS, new Random(SEED));
        double[] fd = centralDifferences(net, x, at, zoo.h(), target, rival);
        double[] mine = new double[at.length];
        INDArray flat = engineGradient.dup('c').reshape(-1);
        for (int i = 0; i < at.length; i++) {
            mine[i] = flat.getDouble(at[i]);
        }
        double err = FiniteDifferences.relativeError(mine, fd);
        double scale = maxAbs(fd);
        double value = useProbability ? prob.getDouble(0, target)
                : Math.abs(Math.log(prob.getDouble(0, target)) - Math.log(prob.getDouble(0, rival)));
        // Rounding in f(x ± h) (~1e-16·|f|) over 2h, relative to the largest difference quotient.
        double resolution = 1e-16 * Math.max(value, 1e-300) / zoo.h() / scale;
        String report = String.format(Locale.ROOT, "%s: %s, %d positions, h = %.0e: relative error %.3e "
                        + "(max |FD| %.3e, FD resolution %.1e)",
                zoo, check, at.length, zoo.h(), err, scale, resolution);
        System.out.printf(Locale.ROOT, "ZooModelsTest %-22s FD check  in %5d ms: %s%n", zoo, millis(start), report);
        assertTrue(Double.isFinite(scale) && resolution < TOLERANCE / 10,
                "degenerate test, finite differences cannot resolve the gradient: " + report);
        assertTrue(err < TOLERANCE, report);
    }

    /** Central differences of the DL4J output at flat positions {@code at}, in batched forward passes. */
    private static double[] centralDifferences(Model net, INDArray x, long[] at, double h, int target, int rival) {
        int rows = 2 * at.length;
        long[] shape = x.shape().clone();
        shape[0] = rows;
        INDArray batch = Nd4j.create(DataType.DOUBLE, shape);
        INDArray flat = batch.reshape(rows, -1);
        INDArray xFlat = x.dup('c').reshape(1, -1);
        for (int i = 0; i < at.length; i++) {
            double v = xFlat.getDouble(0, at[i]);
            flat.getRow(2 * i).assign(xFlat);
            flat.getRow(2 * i + 1).assign(xFlat);
            flat.putScalar(2 * i, at[i], v + h);
            flat.putScalar(2 * i + 1, at[i], v - h);
        }
        double[] f = new double[rows];
        for (int from = 0; from < rows; from += FD_CHUNK) {
            int to = Math.min(rows, from + FD_CHUNK);
            INDArray out = TestNets.output(net, batch.get(NDArrayIndex.interval(from, to)).dup());
            for (int r = from; r < to; r++) {
                double pt = out.getDouble(r - from, target);
                f[r] = rival < 0 ? pt : Math.log(pt) - Math.log(out.getDouble(r - from, rival));
            }
        }
        double[] g = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            g[i] = (f[2 * i] - f[2 * i + 1]) / (2 * h);
        }
        return g;
    }

    /**
     * Random γ and β ({@link TestNets#randomiseBatchNorm}), then random running statistics around the
     * statistics each BatchNorm layer really sees: a training-mode forward pass over {@code batch}
     * (which normalises with batch statistics) gives each layer's input; its running mean is set to
     * the channel mean ± 0.3 standard deviations, its running variance to the channel variance times
     * U(0.6, 1.6). Keeps activations O(1) through deep untrained networks while the inference formula
     * differs from the batch one everywhere.
     */
    static void randomiseBatchNorm(Model model, INDArray batch, long seed) {
        Map<BatchNormalization, INDArray> inputs = new LinkedHashMap<>();
        if (model instanceof ComputationGraph g) {
            TestNets.randomiseBatchNorm(g.getLayers(), seed);
            Map<String, INDArray> acts = g.feedForward(batch, true);
            for (GraphVertex v : g.getVertices()) {
                if (v.hasLayer() && v.getLayer() instanceof BatchNormalization bn) {
                    String in = g.getVertices()[v.getInputVertices()[0].getVertexIndex()].getVertexName();
                    inputs.put(bn, acts.get(in));
                }
            }
        } else {
            MultiLayerNetwork n = (MultiLayerNetwork) model;
            TestNets.randomiseBatchNorm(n.getLayers(), seed);
            List<INDArray> acts = n.feedForward(batch, true);
            for (int i = 0; i < n.getnLayers(); i++) {
                if (n.getLayer(i) instanceof BatchNormalization bn) {
                    inputs.put(bn, acts.get(i));
                }
            }
        }
        Nd4j.getRandom().setSeed(seed + 1);
        for (Map.Entry<BatchNormalization, INDArray> e : inputs.entrySet()) {
            BatchNormalization bn = e.getKey();
            INDArray in = e.getValue();
            int[] axes = in.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};
            INDArray mean = in.mean(axes);
            INDArray var = in.var(false, axes);
            long[] shape = bn.getParam("mean").shape();
            INDArray shift = Nd4j.rand(DataType.DOUBLE, mean.shape()).subi(0.5).muli(0.6);
            INDArray factor = Nd4j.rand(DataType.DOUBLE, var.shape()).addi(0.6);
            bn.getParam("mean").assign(mean.add(Transforms.sqrt(var, true).muli(shift)).reshape(shape));
            INDArray runningVar = var.mul(factor).addi(1e-3).reshape(shape);
            if (bn.paramTable().containsKey("var")) {
                bn.getParam("var").assign(runningVar);
            } else {
                bn.getParam("log10stdev").assign(Transforms.log(runningVar, 10, true).muli(0.5));
            }
        }
        assertFalse(inputs.isEmpty() && hasBatchNorm(model), "BatchNorm layers not found");
    }

    private static boolean hasBatchNorm(Model model) {
        Layer[] layers = model instanceof ComputationGraph g ? g.getLayers() : ((MultiLayerNetwork) model).getLayers();
        return Arrays.stream(layers).anyMatch(l -> l instanceof BatchNormalization);
    }

    /** A zoo model built, converted and calibrated once for both tests of its container. */
    private static final class Prepared {
        private final Zoo zoo;
        private Model model;
        private SaliencyEngine engine;
        private INDArray input;

        Prepared(Zoo zoo) {
            this.zoo = zoo;
        }

        private void build() {
            if (model != null) {
                return;
            }
            long t0 = System.nanoTime();
            Model m = zoo.builder().apply(zoo.shape().clone()).init();
            m = m instanceof MultiLayerNetwork mln ? mln.convertDataType(DataType.DOUBLE)
                    : ((ComputationGraph) m).convertDataType(DataType.DOUBLE);
            if (zoo.weightScale() != 1) {
                m.params().muli(zoo.weightScale());
            }
            int[] s = zoo.shape();
            randomiseBatchNorm(m, TestNets.input(SEED + 1, 4, s[0], s[1], s[2]), SEED);
            model = m;
            engine = SaliencyEngine.of(m);
            input = TestNets.input(SEED + 2, 1, s[0], s[1], s[2]);
            System.out.printf(Locale.ROOT, "ZooModelsTest %-22s built in  %5d ms (%,d parameters)%n", zoo,
                    millis(t0), m.numParams());
        }

        Model model() {
            build();
            return model;
        }

        SaliencyEngine engine() {
            build();
            return engine;
        }

        INDArray input() {
            build();
            return input;
        }

        void release() {
            model = null;
            engine = null;
            input = null;
        }
    }

    private static double spread(double p) {
        return p * (1 - p);
    }

    /** Index of the largest entry of row 0, skipping {@code except}. */
    private static int argmax(INDArray p, int except) {
        int best = -1;
        for (int i = 0; i < p.size(1); i++) {
            if (i != except && (best < 0 || p.getDouble(0, i) > p.getDouble(0, best))) {
                best = i;
            }
        }
        return best;
    }

    /** {@code n} distinct positions in [0, length). */
    private static long[] positions(long length, int n, Random random) {
        Set<Long> chosen = new LinkedHashSet<>();
        while (chosen.size() < Math.min(n, length)) {
            chosen.add((long) (random.nextDouble() * length));
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
