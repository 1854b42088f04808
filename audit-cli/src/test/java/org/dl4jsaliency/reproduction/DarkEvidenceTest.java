package org.dl4jsaliency.reproduction;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.Occlusion;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.metrics.RelevanceShare;
import org.dl4jsaliency.reproduction.MarkedItemsTask.Variant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed paper's claims, measured on a small, fast version of the reproduction (1500 training
 * examples, 2 epochs, 16 test images per case): where the evidence sits at the input's zero point,
 * every method that ends by multiplying with the input gives it (almost) nothing, while the methods
 * without that step, NoBias-RectGrad among them, put a clear multiple of its area share on it, and
 * occlusion confirms that the model relies on it. Away from the zero point (white marks; black marks
 * on the [−1, 1] model) every method finds the mark.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DarkEvidenceTest {
    /** "Almost nothing": at most 1% of the map's |relevance| on the mark. */
    private static final double SMALL = 0.01;
    /** "A clear margin": at least twice what an evenly spread map gives the mark. */
    private static final double MARGIN = 2;
    private static final List<String> MULTIPLYING = List.of(MethodRegistry.GRADIENT_X_INPUT, MethodRegistry.RECTGRAD,
            "lrp-epsilon", MethodRegistry.INTEGRATED_GRADIENTS);
    private static final List<String> NOT_MULTIPLYING = List.of(MethodRegistry.GRADIENT, MethodRegistry.NOBIAS_RECTGRAD,
            MethodRegistry.GUIDED_BACKPROP, "lrp-epsilon-plus-flat");
    private static final int IMAGES = 16;

    private FashionMnist.Items test;
    private final Map<Variant, MultiLayerNetwork> nets = new EnumMap<>(Variant.class);

    @BeforeAll
    void train() {
        FashionMnist.Items train = FashionMnist.read(FashionMnist.DEBIAN_DIR, FashionMnist.Split.TRAIN, 1500);
        test = FashionMnist.read(FashionMnist.DEBIAN_DIR, FashionMnist.Split.TEST, 2000);
        // the dense-head variant needs more than 1500 examples × 2 epochs to learn its white mark; the
        // reproduction measures it on its full-size model
        for (Variant v : List.of(Variant.DARK_BRIGHT, Variant.MIDGRAY)) {
            MarkedItemsTask task = new MarkedItemsTask(v);
            MultiLayerNetwork net = task.train(task.examples(train, 0, 1500, 1, -1), 2, 7);
            double accuracy = MarkedItemsTask.accuracy(net, task.examples(test, 1000, 300, 2, -1));
            assertTrue(accuracy > 0.9, v.id() + " model accuracy " + accuracy);
            nets.put(v, net);
        }
    }

    @Test
    void blackMarkOnZeroToOneInputs() {
        Case c = new Case(Variant.DARK_BRIGHT, 1);
        assertOcclusionConfirms(c);
        MULTIPLYING.forEach(m -> assertBlind(c, m));
        NOT_MULTIPLYING.forEach(m -> assertFinds(c, m));
    }

    @Test
    void whiteMarkControlIsFoundByEveryMethod() {
        Case c = new Case(Variant.DARK_BRIGHT, 2);
        assertOcclusionConfirms(c);
        MULTIPLYING.forEach(m -> assertFinds(c, m));
        NOT_MULTIPLYING.forEach(m -> assertFinds(c, m));
    }

    @Test
    void onMinusOneToOneInputsTheBlindSpotMovesToMidGray() {
        Case gray = new Case(Variant.MIDGRAY, 1);
        assertOcclusionConfirms(gray);
        MULTIPLYING.forEach(m -> assertBlind(gray, m));
        NOT_MULTIPLYING.forEach(m -> assertFinds(gray, m));
        Case black = new Case(Variant.MIDGRAY, 2);
        assertOcclusionConfirms(black);
        MULTIPLYING.forEach(m -> assertFinds(black, m));
    }

    private void assertOcclusionConfirms(Case c) {
        double fill = c.variant.space().toModel(c.variant.occlusionFill(), 0);
        double share = c.share(Occlusion.builder().window(MarkedItemsTask.MARK).stride(2).value(fill).build());
        assertTrue(share > 2 * MARGIN * c.area, c + ": occlusion share " + share + " vs area " + c.area);
    }

    private static void assertBlind(Case c, String method) {
        double share = c.share(MethodRegistry.create(method));
        assertTrue(share < SMALL, c + ", " + method + ": share " + share + " is not below " + SMALL);
    }

    private static void assertFinds(Case c, String method) {
        double share = c.share(MethodRegistry.create(method));
        assertTrue(share > MARGIN * c.area, c + ", " + method + ": share " + share + " is not above "
                + MARGIN + " × area " + c.area);
    }

    /** One model and one mark class, explained for the mark's class on fresh test garments. */
    private final class Case {
        final Variant variant;
        final int mark;
        final MarkedItemsTask.Examples examples;
        final double area;

        Case(Variant variant, int mark) {
            this.variant = variant;
            this.mark = mark;
            this.examples = new MarkedItemsTask(variant).examples(test, 0, IMAGES, 20 + mark, mark);
            this.area = RelevanceShare.areaShare(examples.regions()[0]);
        }

        /** Mean share of |relevance| on the mark over the images. */
        double share(AttributionMethod method) {
            var map = Explainer.of(nets.get(variant)).explain(examples.input(), Targets.all(mark), method).map();
            double sum = 0;
            for (int i = 0; i < IMAGES; i++) {
                double s = RelevanceShare.of(Maps.channelSum(map, i), examples.regions()[i]);
                assertTrue(Double.isFinite(s), this + ": image " + i + " has an all-zero map");
                sum += s;
            }
            return sum / IMAGES;
        }

        @Override
        public String toString() {
            return variant.id() + " model, " + variant.markName(mark) + " mark";
        }
    }
}
