package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

import static org.dl4jsaliency.methods.IntegratedGradientsTest.assertMaxDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grad-CAM and Guided Grad-CAM (docs/algorithms.md §4). */
class GradCamTest {
    private static final int SIZE = 16;
    private static final int TOP = 9;
    private static final int LEFT = 3;
    private static final int PATCH = 4;

    /**
     * conv (3×3, SAME, ReLU) → max-pool 2×2 → global average pool → Output (identity), hand-set:
     * channel 0 averages its 3×3 window minus 0.5 (fires only on bright regions), channel 1 is 0.2
     * minus the average (fires on dark regions); class 0 reads only channel 0, class 1 only channel 1.
     */
    private static MultiLayerNetwork brightPatchNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv").nOut(2).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("pool").kernelSize(2, 2).stride(2, 2).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).name("gap").build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).name("out").nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(SIZE, SIZE, 1)).build());
        net.init();
        INDArray w = net.getLayer(0).getParam("W");
        w.get(NDArrayIndex.point(0)).assign(1.0 / 9);
        w.get(NDArrayIndex.point(1)).assign(-1.0 / 9);
        net.getLayer(0).getParam("b").assign(Nd4j.createFromArray(-0.5, 0.2).reshape(net.getLayer(0).getParam("b").shape()));
        net.getLayer(3).getParam("W").assign(Nd4j.eye(2).castTo(DataType.DOUBLE));
        net.getLayer(3).getParam("b").assign(0);
        return net;
    }

    /** Dark background (0.1) with a bright 4×4 patch (1.0) at rows 9..12, columns 3..6. */
    private static INDArray brightPatchImage() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 1, SIZE, SIZE).addi(0.1);
        x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(TOP, TOP + PATCH),
                NDArrayIndex.interval(LEFT, LEFT + PATCH)).assign(1.0);
        return x;
    }

    /** Channel 0 of the conv layer after its ReLU, written out: relu(mean of the zero-padded 3×3 window − 0.5). */
    private static double[][] channelZero(INDArray x) {
        double[][] a = new double[SIZE][SIZE];
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                double s = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        s += rr < 0 || cc < 0 || rr >= SIZE || cc >= SIZE ? 0 : x.getDouble(0, 0, rr, cc);
                    }
                }
                a[r][c] = Math.max(0, s / 9 - 0.5);
            }
        }
        return a;
    }

    /**
     * At the default layer (the conv's ReLU output, 16×16) class 0's gradient reaches channel 0 only,
     * 1/64 at each pooling window's maximum, so α₀ = 64 · (1/64) / 256 and the map is channel 0 / 256;
     * no upsampling is involved. The peak lies on the patch, and class 1's map is zero there.
     */
    @Test
    void mapIsTheClassChannelAndPeaksWhereItIsActive() {
        MultiLayerNetwork net = brightPatchNet();
        INDArray x = brightPatchImage();
        Explainer ex = Explainer.of(net);
        assertEquals("conv/activation", GradCam.builder().build().resolveLayer(ex.engine()));
        INDArray map = ex.explain(x, Targets.all(0), GradCam.builder().build()).map();
        double[][] a = channelZero(x);
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                assertEquals(a[r][c] / 256, map.getDouble(0, 0, r, c), 1e-15, "(" + r + ", " + c + ")");
            }
        }
        long peak = map.reshape(-1).argMax(0).getLong(0);
        long row = peak / SIZE;
        long col = peak % SIZE;
        assertTrue(row >= TOP && row < TOP + PATCH && col >= LEFT && col < LEFT + PATCH,
                "class 0 peaks at (" + row + ", " + col + "), off the patch");

        INDArray other = ex.explain(x, Targets.all(1), GradCam.builder().build()).map();
        assertEquals(0.0, other.getDouble(0, 0, TOP + 1, LEFT + 1), "class 1 on the patch");
        assertTrue(other.getDouble(0, 0, 2, 12) > 0, "class 1 is zero on the dark background");
    }

    /**
     * At the pooled layer (8×8) the map is channel 0 pooled, / 64, then upsampled to 16×16; the bilinear
     * resize is checked against values PyTorch's {@code interpolate(mode='bilinear',
     * align_corners=False)} gives.
     */
    @Test
    void coarseLayersAreUpsampledBilinearlyWithAlignCornersFalse() {
        INDArray up = Images.transformPlanes(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}).reshape(1, 1, 2, 2),
                Images.bilinear(2, 4, DataType.DOUBLE), Images.bilinear(2, 4, DataType.DOUBLE));
        INDArray torch = Nd4j.createFromArray(new double[][] {
                {1.00, 1.25, 1.75, 2.00}, {1.50, 1.75, 2.25, 2.50}, {2.50, 2.75, 3.25, 3.50}, {3.00, 3.25, 3.75, 4.00}});
        assertMaxDiff(torch.reshape(1, 1, 4, 4), up, 1e-15, "2×2 → 4×4");
        INDArray line = Nd4j.createFromArray(new double[][] {{0, 1, 2}}).mmul(Images.bilinear(3, 5, DataType.DOUBLE).transpose());
        assertMaxDiff(Nd4j.createFromArray(new double[][] {{0, 0.4, 1.0, 1.6, 2.0}}), line, 1e-15, "3 → 5");

        MultiLayerNetwork net = brightPatchNet();
        INDArray x = brightPatchImage();
        INDArray map = Explainer.of(net).explain(x, Targets.all(0), GradCam.builder().layer("pool").build()).map();
        double[][] a = channelZero(x);
        double[][] pooled = new double[SIZE / 2][SIZE / 2];
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                pooled[r / 2][c / 2] = Math.max(pooled[r / 2][c / 2], a[r][c] / 64);
            }
        }
        for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
                assertEquals(bilinear(pooled, r, c), map.getDouble(0, 0, r, c), 1e-15, "(" + r + ", " + c + ")");
            }
        }
    }

    /** Output pixel (r, c) of a 2× bilinear upsampling of {@code m}: sample at (r + ½)/2 − ½, clamped. */
    private static double bilinear(double[][] m, int r, int c) {
        double sr = Math.max(0, (r + 0.5) / 2 - 0.5);
        double sc = Math.max(0, (c + 0.5) / 2 - 0.5);
        int r0 = (int) sr;
        int c0 = (int) sc;
        int r1 = Math.min(r0 + 1, m.length - 1);
        int c1 = Math.min(c0 + 1, m[0].length - 1);
        double fr = sr - r0;
        double fc = sc - c0;
        return (1 - fr) * ((1 - fc) * m[r0][c0] + fc * m[r0][c1]) + fr * ((1 - fc) * m[r1][c0] + fc * m[r1][c1]);
    }

    @Test
    void guidedGradCamIsGuidedBackpropTimesGradCamInBothLayouts() {
        Map<SaliencyEngine, INDArray> cases = Map.of(
                SaliencyEngine.of(TestNets.convMln(51)), TestNets.input(52, 2, 2, 12, 12),
                SaliencyEngine.of(TestNets.residualGraph(53, CNN2DFormat.NHWC)), TestNets.input(54, 2, 8, 8, 2));
        cases.forEach((engine, x) -> {
            Explainer ex = Explainer.of(engine);
            INDArray cam = ex.explain(x, "gradcam").map();
            INDArray guided = ex.explain(x, "guided-backprop").map();
            INDArray product = ex.explain(x, "guided-gradcam").map();
            assertEquals(0.0, guided.mul(cam).sub(product).amaxNumber().doubleValue());
            assertTrue(product.amaxNumber().doubleValue() > 0, "degenerate: guided Grad-CAM is zero");
            assertTrue(cam.minNumber().doubleValue() >= 0, "Grad-CAM is a ReLU");
            // One value per pixel, repeated over the channels (axis 1 in NCHW, 3 in NHWC).
            INDArray planes = Images.nchwView(cam, x.size(1) == 2 ? CNN2DFormat.NCHW : CNN2DFormat.NHWC);
            INDArray first = planes.get(NDArrayIndex.all(), NDArrayIndex.point(0));
            assertEquals(0.0, first.sub(planes.get(NDArrayIndex.all(), NDArrayIndex.point(1))).amaxNumber().doubleValue());
        });
        assertEquals("layer4/activation", GradCam.builder().build().resolveLayer(SaliencyEngine.of(TestNets.convMln(51))));
        assertEquals("c3/activation", GradCam.builder().build()
                .resolveLayer(SaliencyEngine.of(TestNets.residualGraph(53, CNN2DFormat.NHWC))));
    }

    @Test
    void badParametersAndInputsAreRejectedNamingTheProblem() {
        Explainer ex = Explainer.of(brightPatchNet());
        INDArray x = brightPatchImage();
        for (String method : new String[] {"gradcam", "guided-gradcam"}) {
            IllegalArgumentException unknownNode = assertThrows(IllegalArgumentException.class, () -> ex.explain(x,
                    Targets.predicted(), MethodRegistry.create(method, Map.of("layer", "nope"))));
            assertTrue(unknownNode.getMessage().contains("layer=nope"), unknownNode.getMessage());
            IllegalArgumentException dense = assertThrows(IllegalArgumentException.class, () -> ex.explain(x,
                    Targets.predicted(), MethodRegistry.create(method, Map.of("layer", "gap"))));
            assertTrue(dense.getMessage().contains("layer=gap"), dense.getMessage());
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> MethodRegistry.create(method, Map.of("layers", "conv")));
            assertTrue(unknown.getMessage().contains("layers"), unknown.getMessage());
            IllegalArgumentException layout = assertThrows(IllegalArgumentException.class,
                    () -> MethodRegistry.create(method, Map.of("layout", "hwc")));
            assertTrue(layout.getMessage().contains("layout"), layout.getMessage());
        }
        IllegalArgumentException rank2 = assertThrows(IllegalArgumentException.class, () -> Explainer.of(
                LinearModels.features(55, 4, 2)).explain(TestNets.input(56, 1, 4), "gradcam"));
        assertTrue(rank2.getMessage().contains("rank 4"), rank2.getMessage());
    }
}
