package org.dl4jsaliency.probes;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

/** Small double-precision networks for the probe tests, with non-zero biases everywhere. */
final class ProbeNets {
    private ProbeNets() {
    }

    /** conv 3×3 (2 → 3 channels, relu, the given mode) → dense 10 (tanh) → output 4 (softmax), on 2×8×8. */
    static MultiLayerNetwork conv(long seed, ConvolutionMode mode) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).biasInit(0.1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(3).convolutionMode(mode)
                        .activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("dense").nOut(10).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        jitterBiases(net, seed);
        return net;
    }

    /** dense 7 (relu) → output 3 (softmax), on 12 features. */
    static MultiLayerNetwork dense(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().name("dense").nOut(7).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(12))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        jitterBiases(net, seed);
        return net;
    }

    /** max-pool 2×2 first, then output: a first layer the re-encoding cannot rewrite. */
    static MultiLayerNetwork poolFirst(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Trained-looking biases: distinct, non-zero values in every layer (initialisation gives constants). */
    private static void jitterBiases(MultiLayerNetwork net, long seed) {
        Random rng = new Random(seed + 1);
        for (int i = 0; i < net.getnLayers(); i++) {
            INDArray b = net.getLayer(i).getParam("b");
            double[] v = new double[(int) b.length()];
            for (int k = 0; k < v.length; k++) {
                v[k] = 0.5 * (2 * rng.nextDouble() - 1);
            }
            b.assign(Nd4j.create(v, b.shape(), DataType.DOUBLE));
        }
    }

    /** Uniform [0, 1) display intensities of the given shape from a seeded generator. */
    static INDArray display(long seed, long... shape) {
        Random rng = new Random(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }
}
