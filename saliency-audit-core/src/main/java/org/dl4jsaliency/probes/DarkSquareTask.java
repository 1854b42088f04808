package org.dl4jsaliency.probes;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * A synthetic task whose evidence can be dark: grey noisy images (inputs in [0, 1]) that hold nothing
 * (class 0), a black square (class 1, the square exactly 0 in half of the examples, else up to 0.15)
 * or a white square (class 2, 0.85 to 1). The model must look at the square, so a method that gives a
 * black square no relevance is blind to the evidence; the white square is the control. The network is
 * small ({@link #recipe}: two unpadded convolutions, global max pooling) and trains in seconds on a CPU with
 * fixed seeds.
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

    /** The network's recipe: conv 3×3×8, conv 3×3×16, global max pooling, softmax; Adam at 0.01. */
    private SmallCnn recipe() {
        return SmallCnn.input(size, size, 1).adam(0.01)
                .conv("conv1", 3, 8)
                .conv("conv2", 3, 16)
                .globalMaxPool("pool");
    }

    /** The untrained network, seeded. */
    public MultiLayerNetwork network(long seed) {
        return recipe().network(seed, CLASSES);
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
