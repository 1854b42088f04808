package org.dl4jsaliency.probes;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The recipe of the small CNNs trained on synthetic tasks (the audit's demo model, the reproduction's
 * networks): float, ReLU initialisation and activations, unpadded ({@link ConvolutionMode#Truncate})
 * convolutions, so that a re-encoding rewrite of the first layer is exact everywhere, Adam, and a softmax
 * output layer {@code out} trained with cross-entropy. The hidden layers are listed from the input:
 * convolutions, max pooling, global max pooling, dense ReLU layers. Immutable: each method returns a new
 * recipe, and {@link #network} builds a fresh network each call.
 */
public final class SmallCnn {
    private final InputType input;
    private final double learningRate;
    private final List<Step> steps;
    /** The feature map's height and width after the last layer; 0 once the layers are no longer spatial. */
    private final long height;
    private final long width;

    /** One hidden layer: its name, its configuration (fresh on each call) and how it reads in words. */
    private record Step(String name, Supplier<Layer> layer, String words) {
    }

    private SmallCnn(InputType input, double learningRate, List<Step> steps, long height, long width) {
        this.input = input;
        this.learningRate = learningRate;
        this.steps = List.copyOf(steps);
        this.height = height;
        this.width = width;
    }

    /**
     * A recipe for {@code height}×{@code width} inputs of {@code channels} channels, with no hidden layers
     * yet and Adam at its default learning rate.
     *
     * @throws IllegalArgumentException when a size is not positive
     */
    public static SmallCnn input(int height, int width, int channels) {
        positive("height", height);
        positive("width", width);
        positive("channels", channels);
        return new SmallCnn(InputType.convolutional(height, width, channels), Adam.DEFAULT_ADAM_LEARNING_RATE,
                List.of(), height, width);
    }

    /**
     * The same recipe trained with Adam at {@code learningRate}.
     *
     * @throws IllegalArgumentException when the learning rate is not positive
     */
    public SmallCnn adam(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        return new SmallCnn(input, learningRate, steps, height, width);
    }

    /**
     * Adds a {@code kernel}×{@code kernel} convolution with {@code filters} output channels and ReLU.
     *
     * @throws IllegalArgumentException when the kernel does not fit the feature map or a number is not positive
     * @throws IllegalStateException    when the layers before no longer give a feature map
     */
    public SmallCnn conv(String name, int kernel, int filters) {
        positive("filters", filters);
        fits(name, "kernel", kernel);
        return then(new Step(name, () -> new ConvolutionLayer.Builder(kernel, kernel).name(name).nOut(filters)
                        .activation(Activation.RELU).build(), "conv " + kernel + "×" + kernel + "×" + filters),
                height - kernel + 1, width - kernel + 1);
    }

    /**
     * Adds max pooling over {@code size}×{@code size} windows with stride {@code size} (a remainder of
     * rows or columns is dropped).
     *
     * @throws IllegalArgumentException when the window does not fit the feature map or is not positive
     * @throws IllegalStateException    when the layers before no longer give a feature map
     */
    public SmallCnn maxPool(String name, int size) {
        fits(name, "size", size);
        return then(new Step(name, () -> new SubsamplingLayer.Builder(PoolingType.MAX).name(name)
                        .kernelSize(size, size).stride(size, size).build(), "max pool " + size),
                (height - size) / size + 1, (width - size) / size + 1);
    }

    /**
     * Adds global max pooling: one value per channel.
     *
     * @throws IllegalStateException when the layers before no longer give a feature map
     */
    public SmallCnn globalMaxPool(String name) {
        requireFeatureMap(name);
        return then(new Step(name, () -> new GlobalPoolingLayer.Builder(PoolingType.MAX).name(name).build(),
                "global max pool"), 0, 0);
    }

    /**
     * Adds a dense ReLU layer of {@code units} units.
     *
     * @throws IllegalArgumentException when {@code units} is not positive
     */
    public SmallCnn dense(String name, int units) {
        positive("units", units);
        return then(new Step(name, () -> new DenseLayer.Builder().name(name).nOut(units).activation(Activation.RELU)
                .build(), "dense " + units + " ReLU"), 0, 0);
    }

    /** The layers in words, from the input to the softmax, e.g. "conv 3×3×8, max pool 2, …, softmax". */
    public String description() {
        List<String> words = new ArrayList<>();
        for (Step s : steps) {
            words.add(s.words());
        }
        words.add("softmax");
        return String.join(", ", words);
    }

    /**
     * The configuration with {@code classes} softmax outputs, seeded with {@code seed}.
     *
     * @throws IllegalArgumentException when {@code classes} is below 2
     */
    public MultiLayerConfiguration configuration(long seed, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(learningRate))
                .convolutionMode(ConvolutionMode.Truncate)
                .list();
        for (Step s : steps) {
            list.layer(s.layer().get());
        }
        return list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(input)
                .build();
    }

    /** The untrained, initialised network of {@link #configuration}. */
    public MultiLayerNetwork network(long seed, int classes) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(seed, classes));
        net.init();
        return net;
    }

    private void requireFeatureMap(String name) {
        if (height == 0) {
            throw new IllegalStateException("layer '" + name + "' needs a feature map, but '"
                    + steps.get(steps.size() - 1).words() + "' comes before it");
        }
    }

    private void fits(String name, String what, int size) {
        positive(what, size);
        requireFeatureMap(name);
        if (size > Math.min(height, width)) {
            throw new IllegalArgumentException(what + " " + size + " of layer '" + name + "' does not fit a "
                    + height + "×" + width + " feature map");
        }
    }

    private SmallCnn then(Step step, long outHeight, long outWidth) {
        String name = step.name();
        if (name == null || name.isBlank() || name.equals("out")
                || steps.stream().anyMatch(s -> s.name().equals(name))) {
            throw new IllegalArgumentException("name must be a new, non-blank layer name other than 'out', got '"
                    + name + "'");
        }
        List<Step> more = new ArrayList<>(steps);
        more.add(step);
        return new SmallCnn(input, learningRate, more, outHeight, outWidth);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
