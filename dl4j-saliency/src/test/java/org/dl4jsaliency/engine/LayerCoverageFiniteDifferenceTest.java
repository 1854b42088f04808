package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jsaliency.TestNets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The gradient through every supported layer and vertex type that the zoo models do not already
 * exercise, against finite differences of DL4J's own output.
 */
class LayerCoverageFiniteDifferenceTest {

    @Test
    void gradientMatchesThroughDepthwiseCroppingPnormUpsamplingFrozenAndEveryVertexType() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(61)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).nIn(2).nOut(4).depthMultiplier(2).dilation(2, 2)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), "in")
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(4).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(), "in")
                .addLayer("crop", new Cropping2D(1, 1), "dw")
                .addVertex("sub", new ElementWiseVertex(ElementWiseVertex.Op.Subtract), "crop", "c1")
                .addVertex("prod", new ElementWiseVertex(ElementWiseVertex.Op.Product), "crop", "c1")
                .addVertex("avg", new ElementWiseVertex(ElementWiseVertex.Op.Average), "sub", "prod")
                .addVertex("max", new ElementWiseVertex(ElementWiseVertex.Op.Max), "avg", "c1")
                .addLayer("pnorm", new SubsamplingLayer.Builder(PoolingType.PNORM).pnorm(2).kernelSize(2, 2)
                        .stride(2, 2).build(), "max")
                .addLayer("up", new Upsampling2D.Builder(2).build(), "pnorm")
                .addVertex("subset", new SubsetVertex(1, 2), "up")
                .addVertex("scale", new ScaleVertex(0.5), "subset")
                .addVertex("flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(8, 8, 2)), "scale")
                // On rank 2: DL4J's own L2NormalizeVertex fails on rank-4 double arrays.
                .addVertex("l2", new L2NormalizeVertex(), "flat")
                .addLayer("frozen", new FrozenLayerWithBackprop(new DenseLayer.Builder().nIn(128).nOut(6)
                        .activation(Activation.TANH).build()), "l2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "frozen")
                .setOutputs("out")
                .build()); // no setInputTypes: DL4J's type inference loses the channels through Subset/L2Normalize
        g.init();
        GradientFiniteDifferenceTest.checkProbability(g, TestNets.input(62, 1, 2, 10, 10), 1);
        GradientFiniteDifferenceTest.checkLogitDifference(g, TestNets.input(63, 1, 2, 10, 10), 2, 0);
    }

    @Test
    void gradientMatchesThroughFrozenLayersAndEveryActivationLayerType() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(64)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new FrozenLayer(new DenseLayer.Builder().nIn(5).nOut(8).activation(Activation.IDENTITY).build()))
                .layer(new ActivationLayer(Activation.LEAKYRELU))
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.SIGMOID).build())
                .layer(new ActivationLayer(Activation.IDENTITY))
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build());
        net.init();
        GradientFiniteDifferenceTest.checkProbability(net, TestNets.input(65, 1, 5), 0);
        GradientFiniteDifferenceTest.checkLogitDifference(net, TestNets.input(66, 1, 5), 1, 2);
    }

    /**
     * Convolutions whose input gradient goes through the transposed-convolution path: dilation with
     * stride and explicit padding, SAME with stride 3 and an even kernel (asymmetric padding), and
     * padding wider than the kernel's reach (DL4J fallback), in both layouts.
     */
    @Test
    void gradientMatchesThroughStridedDilatedPaddedAndAsymmetricConvolutions() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(67)
                    .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                    .layer(new ConvolutionLayer.Builder(3, 3).dilation(2, 2).stride(2, 2).padding(1, 1)
                            .convolutionMode(ConvolutionMode.Truncate).nOut(3).dataFormat(format)
                            .activation(Activation.RELU).build())
                    .layer(new ConvolutionLayer.Builder(4, 4).stride(3, 3).convolutionMode(ConvolutionMode.Same)
                            .nOut(3).dataFormat(format).activation(Activation.TANH).build())
                    .layer(new ConvolutionLayer.Builder(2, 2).convolutionMode(ConvolutionMode.Same).nOut(3)
                            .dataFormat(format).activation(Activation.TANH).build())
                    .layer(new ConvolutionLayer.Builder(3, 3).padding(3, 3).convolutionMode(ConvolutionMode.Truncate)
                            .nOut(2).dataFormat(format).activation(Activation.TANH).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                            .activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(17, 17, 2, format)).build());
            net.init();
            long[] shape = format == CNN2DFormat.NCHW ? new long[] {1, 2, 17, 17} : new long[] {1, 17, 17, 2};
            GradientFiniteDifferenceTest.checkProbability(net, TestNets.input(68, shape), 1);
        }
    }
}
