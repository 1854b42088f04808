package org.dl4jsaliency.probes;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The small-CNN recipe builds the layers it lists, with the feature-map sizes of unpadded layers. */
class SmallCnnTest {
    private static final SmallCnn DENSE_HEAD = SmallCnn.input(28, 28, 1).adam(0.005)
            .conv("conv1", 3, 8).maxPool("pool1", 2).conv("conv2", 3, 16).maxPool("pool2", 2).dense("dense", 128);

    @Test
    void theRecipeBuildsItsLayersUnpaddedWithReluAdamAndASoftmaxOutput() {
        MultiLayerNetwork net = DENSE_HEAD.network(7, 3);
        assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "dense", "out"), names(net));
        assertEquals("conv 3×3×8, max pool 2, conv 3×3×16, max pool 2, dense 128 ReLU, softmax",
                DENSE_HEAD.description());
        // 28 → 26 (3×3, no padding) → 13 (2×2, stride 2) → 11 → 5 (the odd row and column dropped) → 128 → 3
        List<INDArray> activations = net.feedForward(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28), false);
        assertArrayEquals(new long[] {2, 8, 26, 26}, activations.get(1).shape());
        assertArrayEquals(new long[] {2, 8, 13, 13}, activations.get(2).shape());
        assertArrayEquals(new long[] {2, 16, 11, 11}, activations.get(3).shape());
        assertArrayEquals(new long[] {2, 16, 5, 5}, activations.get(4).shape());
        assertArrayEquals(new long[] {2, 128}, activations.get(5).shape());
        assertArrayEquals(new float[] {1, 1}, activations.get(6).sum(1).toFloatVector(), 1e-6f, "softmax");
        ConvolutionLayer conv = (ConvolutionLayer) net.getLayer(0).conf().getLayer();
        assertEquals(ConvolutionMode.Truncate, conv.getConvolutionMode());
        assertEquals("relu", conv.getActivationFn().toString());
        assertEquals(0.005, ((Adam) conv.getIUpdater()).getLearningRate(), 0);
        assertEquals(DataType.FLOAT, net.params().dataType());
    }

    @Test
    void theDarkSquareNetworkIsTwoConvolutionsAndGlobalMaxPooling() {
        MultiLayerNetwork net = new DarkSquareTask(16, 4).network(7);
        assertEquals(List.of("conv1", "conv2", "pool", "out"), names(net));
        assertEquals(8, ((ConvolutionLayer) net.getLayer(0).conf().getLayer()).getNOut());
        assertEquals(16, ((ConvolutionLayer) net.getLayer(1).conf().getLayer()).getNOut());
        assertInstanceOf(GlobalPoolingLayer.class, net.getLayer(2).conf().getLayer());
        assertEquals(DarkSquareTask.CLASSES, net.output(Nd4j.rand(DataType.FLOAT, 1, 1, 16, 16)).size(1));
        assertEquals(0.01, ((Adam) ((BaseLayer) net.getLayer(3).conf().getLayer()).getIUpdater()).getLearningRate(), 0);
    }

    @Test
    void aRecipeIsImmutableAndItsNetworksFollowTheSeed() {
        SmallCnn base = SmallCnn.input(8, 8, 2).conv("conv1", 3, 4);
        SmallCnn longer = base.globalMaxPool("gmp");
        assertEquals("conv 3×3×4, softmax", base.description(), "adding a layer makes a new recipe");
        assertEquals("conv 3×3×4, global max pool, softmax", longer.description());
        assertEquals(Adam.DEFAULT_ADAM_LEARNING_RATE, ((Adam) ((BaseLayer) base.network(1, 2).getLayer(0).conf()
                .getLayer()).getIUpdater()).getLearningRate(), 0);
        assertEquals(longer.network(5, 2).params(), longer.network(5, 2).params());
        assertNotEquals(longer.network(5, 2).params(), longer.network(6, 2).params());
        assertEquals(longer.configuration(5, 2).toJson(), longer.configuration(5, 2).toJson());
    }

    @Test
    void layersThatCannotFollowOrDoNotFitAreRejectedWhenAdded() {
        SmallCnn conv = SmallCnn.input(8, 8, 1).conv("conv1", 3, 4);
        assertThrows(IllegalArgumentException.class, () -> conv.conv("conv2", 7, 4), "6×6 left, no 7×7 kernel");
        assertThrows(IllegalArgumentException.class, () -> conv.maxPool("pool", 7));
        assertThrows(IllegalStateException.class, () -> conv.globalMaxPool("gmp").conv("conv2", 1, 4));
        assertThrows(IllegalStateException.class, () -> conv.dense("dense", 10).maxPool("pool", 1));
        assertThrows(IllegalArgumentException.class, () -> conv.conv("conv1", 3, 4), "names are unique");
        assertThrows(IllegalArgumentException.class, () -> conv.dense("out", 10), "'out' is the output layer");
        assertThrows(IllegalArgumentException.class, () -> conv.conv("conv2", 3, 0));
        assertThrows(IllegalArgumentException.class, () -> conv.configuration(1, 1));
        assertThrows(IllegalArgumentException.class, () -> conv.adam(0));
        assertThrows(IllegalArgumentException.class, () -> SmallCnn.input(0, 8, 1));
    }

    private static List<String> names(MultiLayerNetwork net) {
        return IntStream.range(0, net.getnLayers()).mapToObj(i -> net.getLayer(i).conf().getLayer().getLayerName())
                .toList();
    }
}
