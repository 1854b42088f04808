package org.dl4jsaliency.reproduction;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.reproduction.MarkedItemsTask.Variant;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepExperiment;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The threshold sweep on tiny models (600 training examples, 1 epoch, 4 images per mark): with global
 * max pooling the percentiles 10 … 95 all act exactly as τ = 0, so q changes nothing there; with the
 * dense head q changes the maps, which is what the reproduction's third model is for. Both models are
 * swept so that the dense head's count is compared with what global max pooling gives on the same images.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThresholdSweepTest {
    private static final int IMAGES = 4;
    private SweepExperiment globalMaxPool;
    private SweepExperiment denseHead;

    @BeforeAll
    void sweep() {
        FashionMnist.Items train = FashionMnist.read(FashionMnist.DEBIAN_DIR, FashionMnist.Split.TRAIN, 600);
        FashionMnist.Items test = FashionMnist.read(FashionMnist.DEBIAN_DIR, FashionMnist.Split.TEST, IMAGES);
        globalMaxPool = sweep(Variant.DARK_BRIGHT, train, test);
        denseHead = sweep(Variant.DENSE_HEAD, train, test);
    }

    private static SweepExperiment sweep(Variant v, FashionMnist.Items train, FashionMnist.Items test) {
        MarkedItemsTask task = new MarkedItemsTask(v);
        MultiLayerNetwork net = task.train(task.examples(train, 0, 600, 1, -1), 1, 7);
        return ThresholdSweep.run("sweep", "sweep", task, net, test, IMAGES, 11);
    }

    /** The rows of q = 10 … 95, where global max pooling leaves the percentile of most layers at 0. */
    private static List<SweepRow> middle(SweepExperiment e) {
        return IntStream.range(0, e.q().length).filter(k -> e.q()[k] >= 10 && e.q()[k] <= 95)
                .mapToObj(k -> e.rows().get(k)).toList();
    }

    @Test
    void withGlobalMaxPoolingTheMiddlePercentilesActAsTauZero() {
        for (SweepRow r : middle(globalMaxPool)) {
            assertEquals(IMAGES, r.sameAsTauZeroDark(), r.setting());
            assertEquals(IMAGES, r.sameAsTauZeroBright(), r.setting());
        }
    }

    @Test
    void withADenseHeadQChangesTheMaps() {
        assertTrue(middle(denseHead).stream().anyMatch(r -> r.sameAsTauZeroDark() < IMAGES),
                "some q of 10 … 95 gives a map other than τ = 0's");
        // every image gets more maps from the dense head than any image from global max pooling
        assertTrue(denseHead.distinct().nobiasDark().min() > globalMaxPool.distinct().nobiasDark().max(),
                denseHead.distinct() + " vs " + globalMaxPool.distinct());
    }
}
