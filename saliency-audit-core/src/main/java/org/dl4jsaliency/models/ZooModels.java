package org.dl4jsaliency.models;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.deeplearning4j.zoo.model.VGG19;
import org.deeplearning4j.zoo.model.Xception;

import java.util.List;
import java.util.Locale;

/**
 * DL4J zoo models by name, built with random weights: pretrained weights need the internet. The
 * input shape is [channels, height, width].
 *
 * <p><b>Initialisation.</b> The zoo's own initialisers are not all usable at full size: ResNet50's
 * TruncatedNormal(0, 0.5) weights overflow float32 at 224² (the logits are NaN in DL4J itself). Every
 * zoo model is therefore built with He-normal weights, N(0, 2 / fan-in) (DL4J's {@code WeightInit.RELU},
 * as torchvision initialises its models), zero biases, and BatchNorm at its defaults (γ = 1, β = 0,
 * running mean 0, variance 1), from the configuration's seed. {@link #INITIALISATION} says so in
 * reports and the benchmark.
 */
public final class ZooModels {
    /** The supported names. */
    public static final List<String> NAMES = List.of("lenet", "simplecnn", "alexnet", "vgg16", "vgg19",
            "resnet50", "squeezenet", "darknet19", "xception");

    /** How {@link #create} initialises the weights, in words for reports. */
    public static final String INITIALISATION = "He-normal weights N(0, 2/fan-in), zero biases, BatchNorm at "
            + "identity statistics";

    private ZooModels() {
    }

    /**
     * Builds and initialises a zoo model.
     *
     * @throws IllegalArgumentException for an unknown name, or a shape or class count the model cannot take
     */
    public static Model create(String name, int numClasses, int[] inputShape, long seed) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (!NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Unknown zoo model '" + name + "'; known: " + NAMES);
        }
        try {
            return heInitialised(configuration(name, numClasses, inputShape, seed));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Zoo model '" + name + "' cannot be built for input shape "
                    + java.util.Arrays.toString(inputShape) + ": " + e.getMessage(), e);
        }
    }

    /** The zoo's configuration (a MultiLayerConfiguration or ComputationGraphConfiguration), not yet built. */
    private static Object configuration(String name, int numClasses, int[] inputShape, long seed) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "lenet" -> LeNet.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build().conf();
            case "simplecnn" -> SimpleCNN.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build().conf();
            case "alexnet" -> AlexNet.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build().conf();
            case "vgg16" -> VGG16.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build().conf();
            case "vgg19" -> VGG19.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build().conf();
            case "resnet50" -> ResNet50.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build()
                    .graphBuilder().build();
            case "squeezenet" -> withInput(SqueezeNet.builder().numClasses(numClasses).inputShape(inputShape).seed(seed)
                    .build().graphBuilder(), inputShape);
            case "darknet19" -> Darknet19.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build().conf();
            case "xception" -> withInput(Xception.builder().numClasses(numClasses).inputShape(inputShape).seed(seed)
                    .build().graphBuilder(), inputShape);
            default -> throw new IllegalStateException("zoo model '" + name + "' is listed but not built");
        };
    }

    /**
     * SqueezeNet's and Xception's graph builders leave the input to their {@code init()} (which then
     * initialises weights we would replace): declare it as {@code init()} does.
     */
    private static ComputationGraphConfiguration withInput(ComputationGraphConfiguration.GraphBuilder builder,
                                                           int[] inputShape) {
        return builder.addInputs("input")
                .setInputTypes(InputType.convolutional(inputShape[1], inputShape[2], inputShape[0])).build();
    }

    /** Builds {@code conf} initialised as the class comment says. */
    private static Model heInitialised(Object conf) {
        if (conf instanceof MultiLayerConfiguration mlc) {
            for (NeuralNetConfiguration layer : mlc.getConfs()) {
                heInitialise(layer.getLayer());
            }
            MultiLayerNetwork net = new MultiLayerNetwork(mlc);
            net.init();
            return net;
        }
        ComputationGraphConfiguration cgc = (ComputationGraphConfiguration) conf;
        for (GraphVertex v : cgc.getVertices().values()) {
            if (v instanceof LayerVertex lv) {
                heInitialise(lv.getLayerConf().getLayer());
            }
        }
        ComputationGraph net = new ComputationGraph(cgc);
        net.init();
        return net;
    }

    private static void heInitialise(Layer layer) {
        if (layer instanceof BaseLayer b && !(layer instanceof BatchNormalization)) {
            b.setWeightInitFn(new WeightInitRelu());
            b.setBiasInit(0);
        }
    }
}
