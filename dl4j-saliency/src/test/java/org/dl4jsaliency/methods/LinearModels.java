package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Models whose logits are affine in the input, z = W·flatten(x) + b, where every attribution method
 * has a closed form. Biases are random and non-zero so that they must cancel where they should.
 */
final class LinearModels {
    private LinearModels() {
    }

    /** A single identity OutputLayer on NCHW images [channels, height, width]. */
    static MultiLayerNetwork image(long seed, int channels, int height, int width, int classes) {
        return build(seed, InputType.convolutional(height, width, channels), classes);
    }

    /** A single identity OutputLayer on feature vectors. */
    static MultiLayerNetwork features(long seed, int features, int classes) {
        return build(seed, InputType.feedForward(features), classes);
    }

    private static MultiLayerNetwork build(long seed, InputType in, int classes) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(classes)
                        .activation(Activation.IDENTITY).build())
                .setInputType(in).build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        net.getLayer(0).getParam("b").assign(Nd4j.rand(DataType.DOUBLE, 1, classes).subi(0.5));
        return net;
    }

    /**
     * The weights of class {@code target} shaped like one example ([1, C, H, W] or [1, F]): DL4J's
     * CNN-to-dense preprocessor flattens NCHW in C order, and dense W is [nIn, nOut].
     */
    static INDArray weights(MultiLayerNetwork net, int target, long... exampleShape) {
        return net.getLayer(0).getParam("W").getColumn(target).dup().reshape(exampleShape);
    }
}
