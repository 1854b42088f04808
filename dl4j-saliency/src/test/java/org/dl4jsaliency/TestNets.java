package org.dl4jsaliency;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks for tests, in double precision, with non-trivial BatchNorm statistics. */
public final class TestNets {
    private TestNets() {
    }

    /** Conv(Same, relu) → BN → tanh → maxpool → conv(Truncate, stride 2) → Dropout → Dense(relu) → Output(softmax). */
    public static MultiLayerNetwork convMln(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer(Activation.TANH))
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(5).activation(Activation.RELU).build())
                .layer(new DropoutLayer(0.5))
                .layer(new DenseLayer.Builder().nOut(12).activation(Activation.RELU).dropOut(0.7).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 12, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        randomiseBatchNorm(net.getLayers(), seed);
        return net;
    }

    /** Dense(relu) → Dense(tanh) → ActivationLayer(softmax) → LossLayer, on 6 features. */
    public static MultiLayerNetwork denseLossMln(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(10).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build())
                .layer(new ActivationLayer(Activation.SOFTMAX))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(6))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * A graph with a residual Add, a Merge of two branches, BatchNorm, average and global pooling,
     * in the given layout.
     */
    public static ComputationGraph residualGraph(long seed, CNN2DFormat format) {
        MergeVertex merge = new MergeVertex();
        merge.setMergeAxis(format == CNN2DFormat.NHWC ? 3 : 1);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("in")
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(format)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().dataFormat(format).build(), "c1")
                .addLayer("r1", new ActivationLayer(Activation.RELU), "bn1")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(format)
                        .activation(Activation.RELU).build(), "r1")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c2", "r1")
                .addLayer("c3", new ConvolutionLayer.Builder(1, 1).nOut(3).dataFormat(format)
                        .activation(Activation.LEAKYRELU).build(), "add")
                .addVertex("merge", merge, "add", "c3")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).build(), "merge")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("fc", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "gap")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(8, 8, 2, format))
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        randomiseBatchNorm(g.getLayers(), seed);
        return g;
    }

    /** Sets BatchNorm running statistics and affine parameters to random, non-trivial values. */
    public static void randomiseBatchNorm(Layer[] layers, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (Layer l : layers) {
            if (l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization bn) {
                for (String key : bn.paramTable().keySet()) {
                    INDArray p = bn.getParam(key);
                    INDArray r = Nd4j.rand(p.dataType(), p.shape());
                    switch (key) {
                        case "gamma" -> p.assign(r.muli(1.5).addi(0.5));
                        case "beta", "mean" -> p.assign(r.subi(0.5));
                        case "var" -> p.assign(r.muli(2).addi(0.2));
                        case "log10stdev" -> p.assign(r.subi(0.5).muli(0.6));
                        default -> throw new IllegalStateException(key);
                    }
                }
            }
        }
    }

    /** Uniform random input in [0, 1) of the given shape, double precision. */
    public static INDArray input(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, shape);
    }

    /** DL4J's own inference output (probabilities) for a model. */
    public static INDArray output(Model model, INDArray x) {
        if (model instanceof MultiLayerNetwork m) {
            return m.output(x, false);
        }
        return ((ComputationGraph) model).outputSingle(false, x);
    }
}
