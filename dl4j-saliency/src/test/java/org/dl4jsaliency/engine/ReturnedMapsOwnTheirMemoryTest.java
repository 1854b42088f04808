package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Maps own their memory. DL4J's ZeroPaddingLayer returns its input gradient as a crop (a view) of a
 * padded temporary; returned as it was, an audit of ResNet50 (which opens with zero padding) read a map
 * whose buffer had been released ({@code audit --config resnet50 --check probe-sweep --probes 1}).
 */
class ReturnedMapsOwnTheirMemoryTest {

    /** Zero padding first, then LRN, which keeps the engine in the layers' own NCHW layout. */
    private static MultiLayerNetwork paddedFirst() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(91)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.RELU).list()
                .layer(new ZeroPaddingLayer(2, 2))
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(4).activation(Activation.RELU).build())
                .layer(new LocalResponseNormalization.Builder().build())
                .layer(new GlobalPoolingLayer(PoolingType.AVG))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(9, 9, 3))
                .build());
        net.init();
        return net;
    }

    @Test
    void aMapBehindZeroPaddingIsNotAViewAndOutlivesTheEngine() {
        INDArray x = TestNets.input(92, 5, 3, 9, 9);
        INDArray map = Explainer.of(paddedFirst()).explain(x, Targets.predicted(),
                MethodRegistry.create("gradient")).map();
        assertFalse(map.isView(), "the map owns its buffer");
        double[] before = map.ravel().toDoubleVector();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Explainer.of(paddedFirst()).explain(x, Targets.predicted(), MethodRegistry.create("gradient"));
        }
        assertArrayEquals(before, map.ravel().toDoubleVector(), 0.0, "unchanged after other passes and collections");
    }
}
