package org.dl4jsaliency.cli;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.zoo.ZooModel;
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
 * DL4J zoo models by name, built with random weights ({@code init()}): pretrained weights need the
 * internet. The input shape is [channels, height, width].
 */
public final class ZooModels {
    /** The supported names. */
    public static final List<String> NAMES = List.of("lenet", "simplecnn", "alexnet", "vgg16", "vgg19",
            "resnet50", "squeezenet", "darknet19", "xception");

    private ZooModels() {
    }

    /** Builds and initialises a zoo model. */
    public static Model create(String name, int numClasses, int[] inputShape, long seed) {
        if (numClasses < 1) {
            throw new UsageException("numClasses must be at least 1, got " + numClasses);
        }
        ZooModel zoo = switch (name.toLowerCase(Locale.ROOT)) {
            case "lenet" -> LeNet.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build();
            case "simplecnn" -> SimpleCNN.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build();
            case "alexnet" -> AlexNet.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build();
            case "vgg16" -> VGG16.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build();
            case "vgg19" -> VGG19.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build();
            case "resnet50" -> ResNet50.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build();
            case "squeezenet" -> SqueezeNet.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build();
            case "darknet19" -> Darknet19.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build();
            case "xception" -> Xception.builder().numClasses(numClasses).inputShape(inputShape).seed(seed).build();
            default -> throw new UsageException("Unknown zoo model '" + name + "'; known: " + NAMES);
        };
        try {
            return zoo.init();
        } catch (RuntimeException e) {
            throw new UsageException("Zoo model '" + name + "' cannot be built for input shape "
                    + java.util.Arrays.toString(inputShape) + ": " + e.getMessage(), e);
        }
    }
}
