package org.dl4jsaliency.probes;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

/**
 * A synthetic task whose evidence can be dark: grey noisy images (inputs in [0, 1]) that hold nothing
 * (class 0), a black square (class 1, the square exactly 0 in half of the examples, else up to 0.15)
 * or a white square (class 2, 0.85 to 1). The model must look at the square, so a method that gives a
 * black square no relevance is blind to the evidence; the white square is the control. The network is
 * small (two unpadded convolutions, global max pooling) and trains in seconds on a CPU with fixed seeds.
 */
public final class DarkSquareTask {
    public static final int CLASSES = 3;
    private final int size;
    private final int square;

    /** Images of {@code size}×{@code size} pixels with squares of {@code square} pixels. */
    public DarkSquareTask(int size, int square) {
        if (square < 1 || square + 2 > size) {
            throw new IllegalArgumentException("a square of " + square + " px does not fit " + size + " px images");
        }
        this.size = size;
        this.square = square;
    }

    /** {@code n} labelled examples [n, 1, size, size] with one-hot labels, seeded. */
    public DataSet examples(int n, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[n * size * size];
        double[] y = new double[n * CLASSES];
        for (int i = 0; i < n; i++) {
            int label = i % CLASSES;
            y[i * CLASSES + label] = 1;
            int off = i * size * size;
            for (int p = 0; p < size * size; p++) {
                x[off + p] = Math.max(0, Math.min(1, 0.5 + 0.1 * (2 * rng.nextDouble() - 1)));
            }
            if (label > 0) {
                double v = label == 1 ? (rng.nextBoolean() ? 0 : 0.15 * rng.nextDouble()) : 0.85 + 0.15 * rng.nextDouble();
                int top = 1 + rng.nextInt(size - square - 1);
                int left = 1 + rng.nextInt(size - square - 1);
                for (int r = top; r < top + square; r++) {
                    for (int c = left; c < left + square; c++) {
                        x[off + r * size + c] = v;
                    }
                }
            }
        }
        return new DataSet(Nd4j.create(x, new long[] {n, 1, size, size}, DataType.FLOAT),
                Nd4j.create(y, new long[] {n, CLASSES}, DataType.FLOAT));
    }

    /** The untrained network, seeded. */
    public MultiLayerNetwork network(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(0.01))
                .convolutionMode(ConvolutionMode.Truncate)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(8).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv2").nOut(16).activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).name("pool").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(size, size, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Trains a network on {@code n} examples for {@code epochs} epochs in mini-batches of 32; returns it. */
    public MultiLayerNetwork train(int n, int epochs, long seed) {
        MultiLayerNetwork net = network(seed);
        DataSet all = examples(n, seed + 1);
        for (int e = 0; e < epochs; e++) {
            all.shuffle(seed + 2 + e);
            for (DataSet batch : all.batchBy(32)) {
                net.fit(batch);
            }
        }
        return net;
    }

    /** Accuracy of {@code net} on {@code n} fresh examples. */
    public double accuracy(MultiLayerNetwork net, int n, long seed) {
        DataSet test = examples(n, seed);
        INDArray predicted = net.output(test.getFeatures()).argMax(1);
        INDArray truth = test.getLabels().argMax(1);
        return predicted.eq(truth).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }
}
