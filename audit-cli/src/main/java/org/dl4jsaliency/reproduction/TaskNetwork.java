package org.dl4jsaliency.reproduction;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The architectures of the reproduction's networks: 28 × 28 × 1 inputs, softmax over the task's three
 * classes, unpadded convolutions (so that the re-encoding rewrite is exact everywhere), ReLU, Adam.
 */
public enum TaskNetwork {
    /**
     * Two convolutions (5×5×8, max pooling, 3×3×16), global max pooling, softmax. No dense hidden layer.
     * Global max pooling sends the backward signal to one position per channel, so almost all of
     * RectGrad's importance scores are exactly 0 and so is every percentile up to about the 95th: the
     * threshold sweep gives the τ = 0 map for most q.
     */
    GLOBAL_MAX_POOL("conv 5×5×8, max pool 2, conv 3×3×16, global max pool, softmax") {
        @Override
        NeuralNetConfiguration.ListBuilder body(NeuralNetConfiguration.ListBuilder list) {
            return list
                    .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(8).activation(Activation.RELU).build())
                    .layer(pool("pool1"))
                    .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(16).activation(Activation.RELU).build())
                    .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).name("gmp").build());
        }
    },
    /**
     * Closer to the CNNs of the RectGrad papers: two convolutions each followed by max pooling, then a
     * dense ReLU layer. Every unit of the dense layer gets a backward signal, so the percentile of its
     * importance scores moves with q and the sweep has something to sweep. The dense layer has more
     * than 100 units so that q = 99 still lets its top unit through (the nearest-rank percentile of
     * fewer values is their maximum, which the strict comparison blocks).
     */
    DENSE_HEAD("conv 3×3×8, max pool 2, conv 3×3×16, max pool 2, dense 128 ReLU, softmax") {
        @Override
        NeuralNetConfiguration.ListBuilder body(NeuralNetConfiguration.ListBuilder list) {
            return list
                    .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(8).activation(Activation.RELU).build())
                    .layer(pool("pool1"))
                    .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(16).activation(Activation.RELU).build())
                    .layer(pool("pool2"))
                    .layer(new DenseLayer.Builder().name("dense").nOut(128).activation(Activation.RELU).build());
        }
    };

    private final String description;

    TaskNetwork(String description) {
        this.description = description;
    }

    /** The layers in words, for the report. */
    public String description() {
        return description;
    }

    /** The hidden layers, between the input and the softmax output. */
    abstract NeuralNetConfiguration.ListBuilder body(NeuralNetConfiguration.ListBuilder list);

    /** The untrained network, seeded, with {@code classes} softmax outputs. */
    public MultiLayerNetwork build(long seed, int classes) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(0.005))
                .convolutionMode(ConvolutionMode.Truncate)
                .list();
        MultiLayerNetwork net = new MultiLayerNetwork(body(list)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(MarkedItemsTask.SIDE, MarkedItemsTask.SIDE, 1))
                .build());
        net.init();
        return net;
    }

    private static SubsamplingLayer pool(String name) {
        return new SubsamplingLayer.Builder(PoolingType.MAX).name(name).kernelSize(2, 2).stride(2, 2).build();
    }
}
