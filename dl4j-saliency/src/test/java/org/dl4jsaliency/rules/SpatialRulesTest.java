package org.dl4jsaliency.rules;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.FiniteDifferences;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.methods.RectifiedGradient;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The padding trick and proportional redistribution, checked against independent computations. */
class SpatialRulesTest {

    /**
     * Conv(SAME) → global sum → linear output. With the border of the conv output's signal zeroed,
     * the map must be the gradient of (output weight × sum of the conv output's interior), which
     * finite differences of DL4J's own layer output give independently.
     */
    @Test
    void paddingTrickEqualsGradientOfTheConvOutputInterior() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(1).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.SUM).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(6, 6, 1)).build());
        net.init();
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 1, 6, 6);
        int t = 1;
        INDArray map = Explainer.of(net).explain(x, Targets.all(t),
                RectifiedGradient.builder().paddingTrick(true).multiplyInput(false).build()).map();
        double w = net.getLayer(2).getParam("W").getDouble(0, t);
        double[] fd = FiniteDifferences.gradient(v -> {
            INDArray conv = net.feedForward(v, false).get(1);
            return w * conv.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 5),
                    NDArrayIndex.interval(1, 5)).sumNumber().doubleValue();
        }, x, FiniteDifferences.all(x), 1e-6);
        assertTrue(FiniteDifferences.relativeError(map.reshape(-1).toDoubleVector(), fd) < 1e-8);
        INDArray plain = Explainer.of(net).explain(x, Targets.all(t),
                RectifiedGradient.builder().paddingTrick(false).multiplyInput(false).build()).map();
        assertTrue(!plain.equalsWithEps(map, 1e-6), "degenerate: the border mask changed nothing");
    }

    /**
     * Max-pool 2×2/2 → linear output with proportional redistribution: within every window the map
     * is proportional to the input and sums to the window's output signal (the output weight).
     */
    @Test
    void proportionalRedistributionConservesEachWindowsSignalInProportionToTheInput() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list()
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(4, 4, 2)).build());
        net.init();
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 2, 4, 4).addi(0.1);
        int t = 2;
        INDArray map = Explainer.of(net).explain(x, Targets.all(t),
                RectifiedGradient.builder().proportionalRedistribution(true).multiplyInput(false).build()).map();
        // Output weights in the CnnToFeedForward (c-order) flattening of the [2, 2, 2] pooled map.
        INDArray w = net.getLayer(1).getParam("W").getColumn(t).reshape(2, 2, 2);
        for (int c = 0; c < 2; c++) {
            for (int oy = 0; oy < 2; oy++) {
                for (int ox = 0; ox < 2; ox++) {
                    INDArray win = map.get(NDArrayIndex.point(0), NDArrayIndex.point(c),
                            NDArrayIndex.interval(2 * oy, 2 * oy + 2), NDArrayIndex.interval(2 * ox, 2 * ox + 2));
                    INDArray xin = x.get(NDArrayIndex.point(0), NDArrayIndex.point(c),
                            NDArrayIndex.interval(2 * oy, 2 * oy + 2), NDArrayIndex.interval(2 * ox, 2 * ox + 2));
                    double g = w.getDouble(c, oy, ox);
                    assertEquals(g, win.sumNumber().doubleValue(), 1e-12);
                    INDArray ratio = win.div(xin);
                    assertEquals(0.0, ratio.maxNumber().doubleValue() - ratio.minNumber().doubleValue(), 1e-12);
                }
            }
        }
    }
}
