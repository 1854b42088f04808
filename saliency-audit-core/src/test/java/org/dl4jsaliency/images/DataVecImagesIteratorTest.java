package org.dl4jsaliency.images;

import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.dl4jsaliency.probes.InputSpace;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Examples of a DataSetIterator as display images under a declared preprocessing, with their labels. */
class DataVecImagesIteratorTest {
    private static final InputSpace IMAGENET = InputSpace.meanStd(new double[] {123.68, 116.78, 103.94},
            new double[] {58.4, 57.1, 57.4}, 255);

    /** {@code n} display images [n, c, h, w] in [0, 1], seeded. */
    private static INDArray displays(int n, int c, int h, int w) {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.rand(DataType.DOUBLE, n, c, h, w);
    }

    private static INDArray oneHot(int[] labels, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1);
        }
        return y;
    }

    /** One DataSet per example. */
    private static List<DataSet> examples(INDArray features, INDArray labels) {
        List<DataSet> list = new ArrayList<>();
        for (int i = 0; i < features.size(0); i++) {
            list.add(new DataSet(features.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup(), labels == null ? null : labels.getRow(i, true).dup()));
        }
        return list;
    }

    /** The examples iterated in batches of {@code batch}. */
    private static ListDataSetIterator<DataSet> iterator(INDArray features, INDArray labels, int batch) {
        return new ListDataSetIterator<>(examples(features, labels), batch);
    }

    @Test
    void rangeFeaturesComeBackAsTheDisplayImagesWithArgmaxLabelsUpToTheLimit() {
        INDArray display = displays(5, 1, 3, 4);
        InputSpace space = InputSpace.range(-1, 1);
        int[] classes = {2, 0, 1, 1, 2};
        ImageBatch b = DataVecImages.fromIterator(iterator(space.toModel(display, DataType.FLOAT), oneHot(classes, 3), 3),
                space, 4);
        assertArrayEquals(new long[] {4, 1, 3, 4}, b.display().shape());
        assertEquals(DataType.DOUBLE, b.display().dataType());
        INDArray expected = display.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
        assertTrue(expected.equalsWithEps(b.display(), 1e-6), "display = the images encoded, within float rounding");
        assertArrayEquals(new int[] {2, 0, 1, 1}, b.labels());
        assertEquals(List.of("example-0", "example-1", "example-2", "example-3"), b.names());
        assertEquals(List.of(), b.classNames());
    }

    @Test
    void meanStdFeaturesRoundTripPerChannelWithTheModelsShape() {
        INDArray display = displays(3, 3, 2, 2);
        ImageBatch b = DataVecImages.fromIterator(
                iterator(IMAGENET.toModel(display, DataType.FLOAT), oneHot(new int[] {1, 0, 1}, 2), 2),
                IMAGENET, 10, 3, 2, 2);
        assertTrue(display.equalsWithEps(b.display(), 1e-5));
        // Channel 0 of pixel (0, 0) of example 2: the model saw (255·I − 123.68) / 58.4.
        assertEquals((255 * display.getDouble(2, 0, 0, 0) - 123.68) / 58.4,
                IMAGENET.toModel(b.display().getDouble(2, 0, 0, 0), 0), 1e-4);
        assertArrayEquals(new int[] {1, 0, 1}, b.labels());
    }

    @Test
    void aSingleLabelColumnHoldsClassIndicesAndTheIteratorsClassNamesAreKept() {
        INDArray display = displays(3, 1, 2, 2);
        INDArray indices = Nd4j.createFromArray(new float[][] {{4}, {0}, {2}});
        ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(examples(display.castTo(DataType.FLOAT), indices), 2) {
            @Override
            public List<String> getLabels() {
                return List.of("a", "b", "c", "d", "e");
            }
        };
        ImageBatch b = DataVecImages.fromIterator(it, InputSpace.range(0, 1), 3);
        assertArrayEquals(new int[] {4, 0, 2}, b.labels());
        assertEquals(List.of("a", "b", "c", "d", "e"), b.classNames());
    }

    private static void assertRejected(DataSetIterator it, InputSpace space, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataVecImages.fromIterator(it, space, 100));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage() + " names " + f);
        }
    }

    @Test
    void featuresThatAreNotRankFourNchwAreRejected() {
        INDArray flat = Nd4j.rand(DataType.FLOAT, 2, 12);
        assertRejected(new ListDataSetIterator<>(List.of(new DataSet(flat, oneHot(new int[] {0, 1}, 2))), 2),
                InputSpace.range(0, 1), "batch 0", "[2, 12]", "rank 4");
        INDArray nhwc = displays(2, 3, 4, 5).permute(0, 2, 3, 1).dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataVecImages.fromIterator(
                iterator(nhwc, oneHot(new int[] {0, 1}, 2), 2), InputSpace.range(0, 1), 2, 3, 4, 5));
        assertTrue(e.getMessage().contains("[2, 4, 5, 3]") && e.getMessage().contains("NHWC"), e.getMessage());
    }

    @Test
    void batchesOfDifferentShapesAreRejectedNamingTheBatch() {
        List<DataSet> list = List.of(new DataSet(displays(1, 1, 3, 3).castTo(DataType.FLOAT), oneHot(new int[] {0}, 2)),
                new DataSet(displays(1, 1, 4, 4).castTo(DataType.FLOAT), oneHot(new int[] {1}, 2)));
        assertRejected(new ListDataSetIterator<>(list, 1), InputSpace.range(0, 1), "batch 1", "[1, 1, 4, 4]",
                "the first batch's");
    }

    @Test
    void nonFiniteFeaturesAreRejectedNamingTheExample() {
        INDArray x = displays(3, 1, 2, 2).castTo(DataType.FLOAT);
        x.putScalar(new long[] {2, 0, 1, 0}, Float.NaN);
        assertRejected(iterator(x, oneHot(new int[] {0, 1, 0}, 2), 2), InputSpace.range(0, 1), "example 2",
                "batch 1", "NaN");
    }

    @Test
    void missingLabelsAreRejected() {
        // ExistingDataSetIterator hands the DataSet on as it is (ListDataSetIterator's merge refuses null labels).
        DataSet unlabelled = new DataSet(displays(2, 1, 2, 2).castTo(DataType.FLOAT), null);
        assertRejected(new ExistingDataSetIterator(List.of(unlabelled)), InputSpace.range(0, 1), "batch 0", "no labels");
    }

    @Test
    void aLabelColumnThatIsNotAClassIndexIsRejected() {
        INDArray soft = Nd4j.createFromArray(new float[][] {{0.5f}, {1f}});
        assertRejected(iterator(displays(2, 1, 2, 2).castTo(DataType.FLOAT), soft, 2), InputSpace.range(0, 1),
                "example 0", "0.5", "class index");
    }

    @Test
    void aLabelRowWithoutASingleLargestValueIsRejectedRatherThanReadAsClassZero() {
        INDArray rows = Nd4j.createFromArray(new float[][] {{0, 1, 0}, {0, 0, 0}});
        assertRejected(iterator(displays(2, 1, 2, 2).castTo(DataType.FLOAT), rows, 2), InputSpace.range(0, 1),
                "example 1", "[0.0, 0.0, 0.0]", "no class");
    }

    @Test
    void classNamesThatDoNotMatchTheLabelColumnsAreRejected() {
        ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(
                examples(displays(2, 1, 2, 2).castTo(DataType.FLOAT), oneHot(new int[] {0, 2}, 3)), 2) {
            @Override
            public List<String> getLabels() {
                return List.of("a", "b");
            }
        };
        assertRejected(it, InputSpace.range(0, 1), "2 classes [a, b]", "3 columns");
    }

    @Test
    void featuresOutsideTheDeclaredPreprocessingAreRejectedNotClipped() {
        // Raw 0..255 pixels declared as inputs in [0, 1]: a preprocessing mismatch, not images.
        INDArray raw = displays(2, 1, 2, 2).muli(255).castTo(DataType.FLOAT);
        assertRejected(iterator(raw, oneHot(new int[] {0, 1}, 2), 2), InputSpace.range(0, 1), "example 0",
                "outside [0, 1]", "range [0, 1]");
    }

    @Test
    void anExhaustedIteratorOrALimitBelowOneIsRejected() {
        ListDataSetIterator<DataSet> it = iterator(displays(2, 1, 2, 2).castTo(DataType.FLOAT),
                oneHot(new int[] {0, 1}, 2), 2);
        DataVecImages.fromIterator(it, InputSpace.range(0, 1), 5);
        assertRejected(it, InputSpace.range(0, 1), "no examples", "reset()");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataVecImages.fromIterator(it, InputSpace.range(0, 1), 0));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void channelsThePreprocessingDoesNotDeclareAreRejected() {
        assertRejected(iterator(displays(2, 1, 2, 2).castTo(DataType.FLOAT), oneHot(new int[] {0, 1}, 2), 2),
                IMAGENET, "batch 0", "1 channels", "declares 3");
    }
}
