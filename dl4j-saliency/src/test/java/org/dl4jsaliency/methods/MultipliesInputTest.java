package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.engine.Targets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AttributionMethod#multipliesInput()} tells the truth: the methods that say so give exactly no
 * relevance to pixels that are 0 in every channel, and the list agrees with the paper's classification
 * (docs/algorithms.md §1) written out by hand.
 */
class MultipliesInputTest {
    /** Every registered method that ends multiplied by the input, with its default parameters. */
    private static final Set<String> MULTIPLIED = Set.of("gradient-x-input", "rectgrad", "lrp-0", "lrp-epsilon",
            "lrp-gamma", "lrp-alpha1-beta0", "lrp-alpha2-beta1", "lrp-epsilon-plus", "lrp-epsilon-alpha2-beta1",
            "integrated-gradients");
    /** Methods that do not multiply and whose maps are dense enough to be non-zero on a zero block. */
    private static final Set<String> DENSE = Set.of("gradient", "deconvnet", "lrp-epsilon-plus-flat",
            "lrp-epsilon-gamma-box", "smoothgrad", "gradcam", "occlusion");

    @Test
    void theMethodsThatSayTheyMultiplyByTheInputAreTheOnesThePaperNames() {
        Set<String> saying = new TreeSet<>();
        for (String name : MethodRegistry.names()) {
            if (MethodRegistry.create(name).multipliesInput()) {
                saying.add(name);
            }
        }
        assertEquals(new TreeSet<>(MULTIPLIED), saying);
        assertTrue(MethodRegistry.create("smoothgrad", Map.of("base", "gradient-x-input")).multipliesInput(),
                "SmoothGrad is biased as its base is");
        assertFalse(MethodRegistry.create("lrp-epsilon", Map.of("first", "zb")).multipliesInput(),
                "zB at the input layer feeds the pixel bounds, not the input");
        assertFalse(MethodRegistry.create("integrated-gradients", Map.of("multiply-input", "false"))
                .multipliesInput());
    }

    @Test
    void aMethodThatMultipliesGivesZeroPixelsExactlyNoRelevanceAndTheOthersDoNot() {
        MultiLayerNetwork net = TestNets.convMln(21);
        INDArray x = TestNets.input(41, 3, 2, 12, 12);
        INDArray block = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(2, 6),
                NDArrayIndex.interval(2, 6));
        block.assign(0);
        Explainer ex = Explainer.of(net);
        for (String name : MethodRegistry.names()) {
            // q = 80, not 98: these test nets have dense layers of < 25 units, where q = 98 blocks everything.
            AttributionMethod m = MethodRegistry.create(name, name.endsWith("rectgrad") ? Map.of("q", "80") : Map.of());
            INDArray map = ex.explain(x, Targets.predicted(), m).map();
            double onBlock = map.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(2, 6),
                    NDArrayIndex.interval(2, 6)).amaxNumber().doubleValue();
            if (MULTIPLIED.contains(name)) {
                assertEquals(0.0, onBlock, name + " says it multiplies by the input");
                assertTrue(map.amaxNumber().doubleValue() > 0, name + ": degenerate, the whole map is zero");
            } else if (DENSE.contains(name)) {
                assertTrue(onBlock > 0, name + " gives the zero block no relevance yet says it does not multiply");
            }
        }
    }

    @Test
    void onlyIntegratedGradientsReportsACompletenessDelta() {
        for (String name : MethodRegistry.names()) {
            assertEquals(name.equals("integrated-gradients"), MethodRegistry.create(name).hasCompletenessDelta(), name);
        }
        MultiLayerNetwork net = TestNets.convMln(21);
        Attribution a = Explainer.of(net).explain(TestNets.input(42, 2, 2, 12, 12), Targets.predicted(),
                MethodRegistry.create("integrated-gradients"));
        assertTrue(a.extras().containsKey(IntegratedGradients.COMPLETENESS_DELTA));
    }
}
