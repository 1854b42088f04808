package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.engine.Targets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.dl4jsaliency.methods.IntegratedGradientsTest.assertMaxDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SmoothGrad, SmoothGrad² and VarGrad over any base method (docs/algorithms.md §4). */
class SmoothGradTest {

    private static INDArray run(Explainer ex, INDArray x, String method, Map<String, String> params) {
        return ex.explain(x, Targets.predicted(), MethodRegistry.create(method, params)).map();
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void zeroNoiseReproducesTheBaseMethodExactly() {
        Explainer ex = Explainer.of(TestNets.convMln(41));
        INDArray x = TestNets.input(42, 3, 2, 12, 12);
        Map<String, Map<String, String>> bases = Map.of(
                "gradient", Map.of(),
                "nobias-rectgrad", Map.of("q", "80"),
                "guided-backprop", Map.of());
        bases.forEach((base, baseParams) -> {
            INDArray expected = run(ex, x, base, baseParams);
            Map<String, String> p = params("base", base, "noise", "0", "samples", "5", "chunk", "4");
            baseParams.forEach((k, v) -> p.put("base." + k, v));
            INDArray smooth = run(ex, x, "smoothgrad", p);
            assertEquals(0.0, Transforms.abs(expected.sub(smooth)).maxNumber().doubleValue(), base);
            INDArray squared = run(ex, x, "smoothgrad-squared", p);
            assertEquals(0.0, Transforms.abs(expected.mul(expected).sub(squared)).maxNumber().doubleValue(), base);
            assertEquals(0.0, run(ex, x, "vargrad", p).amaxNumber().doubleValue(), base);
            assertTrue(expected.amaxNumber().doubleValue() > 0, "degenerate: " + base + " map is zero");
        });
    }

    @Test
    void sameSeedGivesTheSameMapAndAnotherSeedAnotherMap() {
        Explainer ex = Explainer.of(TestNets.convMln(43));
        INDArray x = TestNets.input(44, 2, 2, 12, 12);
        INDArray a = run(ex, x, "smoothgrad", params("samples", "6", "seed", "7"));
        INDArray b = run(ex, x, "smoothgrad", params("samples", "6", "seed", "7", "chunk", "5"));
        INDArray c = run(ex, x, "smoothgrad", params("samples", "6", "seed", "8"));
        assertEquals(0.0, Transforms.abs(a.sub(b)).maxNumber().doubleValue(), "same seed, other chunk size");
        double diff = Transforms.abs(a.sub(c)).maxNumber().doubleValue();
        assertTrue(diff > 1e-3 * a.amaxNumber().doubleValue(), "another seed changed the map by only " + diff);
    }

    @Test
    void squaredIsNonNegativeAndVarGradIsSquaredMinusSquaredMean() {
        Explainer ex = Explainer.of(TestNets.residualGraph(45, org.deeplearning4j.nn.conf.CNN2DFormat.NHWC));
        INDArray x = TestNets.input(46, 2, 8, 8, 2);
        Map<String, String> p = params("samples", "8", "noise", "0.2", "seed", "3", "base", "gradient-x-input");
        INDArray mean = run(ex, x, "smoothgrad", p);
        INDArray squared = run(ex, x, "smoothgrad-squared", p);
        INDArray variance = run(ex, x, "vargrad", p);
        assertTrue(squared.minNumber().doubleValue() >= 0, "SmoothGrad² has a negative value");
        assertTrue(variance.minNumber().doubleValue() >= 0, "VarGrad has a negative value");
        assertMaxDiff(squared.sub(mean.mul(mean)), variance, 1e-12, "VarGrad = SmoothGrad² − SmoothGrad²");
        assertTrue(variance.amaxNumber().doubleValue() > 1e-3 * squared.amaxNumber().doubleValue(),
                "degenerate: no variance");
    }

    /**
     * On a linear model the gradient is the constant w: SmoothGrad is w and VarGrad 0, exactly. For
     * Gradient×Input the map at a noisy copy is (x + ε) ⊙ w, so VarGrad / w² is the sample variance
     * of ε, whose mean over pixels estimates σ² = (noise · (max − min))² of each example.
     */
    @Test
    void onALinearModelNoiseHasTheStandardDeviationOfEachExamplesRange() {
        MultiLayerNetwork net = LinearModels.image(47, 3, 6, 6, 3);
        Explainer ex = Explainer.of(net);
        INDArray x = TestNets.input(48, 2, 3, 6, 6);
        x.get(NDArrayIndex.point(1)).muli(3).subi(1);
        Map<String, String> p = params("samples", "64", "noise", "0.1", "seed", "9", "chunk", "32");
        Attribution a = ex.explain(x, Targets.all(2), MethodRegistry.create("smoothgrad", p));
        INDArray w = LinearModels.weights(net, 2, 1, 3, 6, 6).repeat(0, 2);
        assertMaxDiff(w, a.map(), 1e-14, "SmoothGrad of a linear model");
        assertEquals(0.0, ex.explain(x, Targets.all(2), MethodRegistry.create("vargrad", p)).map()
                .amaxNumber().doubleValue(), "VarGrad of a linear model's gradient");

        p.put("base", "gradient-x-input");
        INDArray variance = ex.explain(x, Targets.all(2), MethodRegistry.create("vargrad", p)).map();
        INDArray ratio = variance.div(w.mul(w));
        for (int i = 0; i < 2; i++) {
            INDArray xi = x.get(NDArrayIndex.point(i));
            double sigma = 0.1 * (xi.maxNumber().doubleValue() - xi.minNumber().doubleValue());
            double estimate = ratio.get(NDArrayIndex.point(i)).meanNumber().doubleValue();
            // 108 pixels × 64 samples: the estimate's relative standard deviation is about 2%.
            assertEquals(sigma * sigma, estimate, 0.1 * sigma * sigma, "example " + i);
        }
        assertArrayEquals(new int[] {2, 2}, a.targets());
    }

    @Test
    void badParametersAreRejectedNamingTheParameter() {
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("noise", "-0.1"), "noise",
                Map.of("samples", "0"), "samples",
                Map.of("seed", "one"), "seed",
                Map.of("sample", "5"), "sample",
                Map.of("base", "nope"), "base=nope",
                Map.of("base", "rectgrad", "base.q", "200"), "base",
                Map.of("base.qq", "5"), "qq",
                Map.of("chunk", "-1"), "chunk");
        for (String method : new String[] {"smoothgrad", "smoothgrad-squared", "vargrad"}) {
            cases.forEach((p, name) -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> MethodRegistry.create(method, p), method + " " + p);
                assertTrue(e.getMessage().contains(name), method + " " + p + ": " + e.getMessage());
            });
        }
    }
}
