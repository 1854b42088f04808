package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.Targets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

import static org.dl4jsaliency.methods.IntegratedGradientsTest.assertMaxDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Occlusion against hand-computed mean drops (docs/algorithms.md §4). */
class OcclusionTest {

    /**
     * z_t = Σ w·x + b: occluding a window with v drops T by Σ_window w (x − v) over all channels. With
     * window 4 and stride 3 on 7×9, windows start at rows {0, 3} and columns {0, 3}: row 3 is covered
     * twice, columns 7 and 8 never (map 0 there).
     */
    @Test
    void linearImageModelGivesTheMeanDropOfTheWindowsCoveringEachPixel() {
        int channels = 3;
        int height = 7;
        int width = 9;
        MultiLayerNetwork net = LinearModels.image(61, channels, height, width, 3);
        INDArray x = TestNets.input(62, 2, channels, height, width);
        double v = 0.25;
        int target = 1;
        INDArray map = Explainer.of(net).explain(x, Targets.all(target), MethodRegistry.create("occlusion",
                Map.of("window", "4", "stride", "3", "value", "0.25", "chunk", "3"))).map();
        INDArray w = LinearModels.weights(net, target, channels, height, width);
        int[] starts = {0, 3};
        for (int i = 0; i < 2; i++) {
            double[][] sum = new double[height][width];
            int[][] count = new int[height][width];
            for (int top : starts) {
                for (int left : starts) {
                    double drop = 0;
                    for (int c = 0; c < channels; c++) {
                        for (int r = top; r < top + 4; r++) {
                            for (int col = left; col < left + 4; col++) {
                                drop += w.getDouble(c, r, col) * (x.getDouble(i, c, r, col) - v);
                            }
                        }
                    }
                    for (int r = top; r < top + 4; r++) {
                        for (int col = left; col < left + 4; col++) {
                            sum[r][col] += drop;
                            count[r][col]++;
                        }
                    }
                }
            }
            for (int c = 0; c < channels; c++) {
                for (int r = 0; r < height; r++) {
                    for (int col = 0; col < width; col++) {
                        double expected = count[r][col] == 0 ? 0 : sum[r][col] / count[r][col];
                        assertEquals(expected, map.getDouble(i, c, r, col), 1e-12,
                                "example " + i + " (" + c + ", " + r + ", " + col + ")");
                    }
                }
            }
            assertEquals(2, count[3][0], "degenerate: no pixel covered twice");
        }
    }

    /** Rank-2 input: windows over consecutive features; window 3, stride 2 on 10 features leaves feature 9 uncovered. */
    @Test
    void featureVectorsAreOccludedInRunsOfConsecutiveFeatures() {
        MultiLayerNetwork net = LinearModels.features(63, 10, 2);
        INDArray x = TestNets.input(64, 3, 10);
        INDArray map = Explainer.of(net).explain(x, Targets.all(0),
                Occlusion.builder().window(3).stride(2).value(-1).build()).map();
        INDArray w = LinearModels.weights(net, 0, 10);
        for (int i = 0; i < 3; i++) {
            double[] sum = new double[10];
            int[] count = new int[10];
            for (int start = 0; start + 3 <= 10; start += 2) {
                double drop = 0;
                for (int f = start; f < start + 3; f++) {
                    drop += w.getDouble(f) * (x.getDouble(i, f) + 1);
                }
                for (int f = start; f < start + 3; f++) {
                    sum[f] += drop;
                    count[f]++;
                }
            }
            for (int f = 0; f < 10; f++) {
                assertEquals(count[f] == 0 ? 0 : sum[f] / count[f], map.getDouble(i, f), 1e-12, "example " + i + ", " + f);
            }
        }
    }

    /**
     * An NHWC graph, explaining the softmax probability: the map equals a brute-force occlusion written
     * here over DL4J's own output (windows over H, W of [N, H, W, C], all channels).
     */
    @Test
    void nhwcGraphMatchesBruteForceOcclusionOfTheModelsOwnOutput() {
        ComputationGraph g = TestNets.residualGraph(65, CNN2DFormat.NHWC);
        INDArray x = TestNets.input(66, 2, 8, 8, 2);
        Attribution a = Explainer.of(g).explain(x, Targets.predicted(), ExplainedOutput.PROBABILITY,
                Occlusion.builder().window(3).stride(2).value(0.5).build());
        INDArray clean = TestNets.output(g, x);
        for (int i = 0; i < 2; i++) {
            int t = a.targets()[i];
            assertEquals(clean.argMax(1).getInt(i), t, "target resolved on the clean input");
            double[][] sum = new double[8][8];
            int[][] count = new int[8][8];
            for (int top = 0; top + 3 <= 8; top += 2) {
                for (int left = 0; left + 3 <= 8; left += 2) {
                    INDArray copy = x.get(NDArrayIndex.interval(i, i + 1)).dup();
                    copy.get(NDArrayIndex.all(), NDArrayIndex.interval(top, top + 3), NDArrayIndex.interval(left, left + 3),
                            NDArrayIndex.all()).assign(0.5);
                    double drop = clean.getDouble(i, t) - TestNets.output(g, copy).getDouble(0, t);
                    for (int r = top; r < top + 3; r++) {
                        for (int c = left; c < left + 3; c++) {
                            sum[r][c] += drop;
                            count[r][c]++;
                        }
                    }
                }
            }
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    double expected = count[r][c] == 0 ? 0 : sum[r][c] / count[r][c];
                    for (int ch = 0; ch < 2; ch++) {
                        assertEquals(expected, a.map().getDouble(i, r, c, ch), 1e-12, "example " + i + " (" + r + ", " + c + ")");
                    }
                }
            }
        }
        assertTrue(a.map().amaxNumber().doubleValue() > 0, "degenerate: no drop");
        assertMaxDiff(clean.max(1), a.scores(), 1e-12, "scores are the clean probabilities");
    }

    @Test
    void badParametersAreRejectedNamingTheParameter() {
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("window", "0"), "window",
                Map.of("stride", "-2"), "stride",
                Map.of("stride", "two"), "stride",
                Map.of("value", "NaN"), "value",
                Map.of("chunk", "0"), "chunk",
                Map.of("windows", "8"), "windows",
                Map.of("layout", "chw"), "layout");
        cases.forEach((p, name) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MethodRegistry.create("occlusion", p), p.toString());
            assertTrue(e.getMessage().contains(name), p + ": " + e.getMessage());
        });
    }
}
