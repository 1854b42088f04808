package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A standard 2D convolution computed with ND4J's conv2d op (the oneDNN build where available),
 * several times faster than DL4J's own layer; the finite-difference tests check it against DL4J's
 * output. The input gradient is one forward convolution of the (stride-dilated, padded) signal with
 * the transposed, flipped kernel, which skips the weight gradient DL4J's backward always computes.
 *
 * <p>Where the padding makes the transposed form awkward (padding larger than the dilated kernel
 * reach), it falls back to DL4J's backward.
 */
final class ConvolutionOp implements NodeOp, LayerBacked {
    private final Layer layer;
    private final ConvolutionLayer conf;
    /** DL4J's own backward, for padding the transposed form cannot express. */
    private final DelegatingLayerOp fallback;

    ConvolutionOp(Layer layer, ConvolutionLayer conf) {
        this.layer = layer;
        this.conf = conf;
        this.fallback = new DelegatingLayerOp(layer);
    }

    @Override
    public Layer layer() {
        return layer;
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        INDArray w = layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray b = layer.paramTable().get(ConvolutionParamInitializer.BIAS_KEY);
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        int[] p = conf.getPadding();
        boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
        Conv2DConfig config = Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1])
                .pH(same ? 0 : p[0]).pW(same ? 0 : p[1]).dH(d[0]).dW(d[1])
                .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat(conf.getCnn2dDataFormat() == CNN2DFormat.NHWC ? Conv2DConfig.NHWC : Conv2DConfig.NCHW)
                .weightsFormat(WeightsFormat.OIYX).build();
        return b == null ? Nd4j.cnn().conv2d(inputs[0], w, config)
                : Nd4j.cnn().conv2d(inputs[0], w, b.reshape(-1), config);
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        boolean nhwc = conf.getCnn2dDataFormat() == CNN2DFormat.NHWC;
        INDArray x = nhwc ? inputs[0].permute(0, 3, 1, 2) : inputs[0];
        INDArray g = nhwc ? signal.permute(0, 3, 1, 2) : signal;
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int ho = (int) g.size(2);
        int wo = (int) g.size(3);
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        int[] p = conf.getConvolutionMode() == ConvolutionMode.Same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {ho, wo}, new int[] {h, w}, k, s, d)
                : conf.getPadding();
        int top = d[0] * (k[0] - 1) - p[0];
        int left = d[1] * (k[1] - 1) - p[1];
        int bottom = h + p[0] - (ho - 1) * s[0] - 1;
        int right = w + p[1] - (wo - 1) * s[1] - 1;
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            return fallback.backward(inputs, output, signal);
        }
        INDArray padded = Nd4j.zeros(g.dataType(), g.size(0), g.size(1),
                top + (long) (ho - 1) * s[0] + 1 + bottom, left + (long) (wo - 1) * s[1] + 1 + right);
        padded.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(top, s[0], top + (long) (ho - 1) * s[0] + 1),
                NDArrayIndex.interval(left, s[1], left + (long) (wo - 1) * s[1] + 1)).assign(g);
        INDArray flipped = transposedFlippedKernel(layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY));
        Conv2DConfig config = Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(1).sW(1).pH(0).pW(0).dH(d[0]).dW(d[1])
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
        INDArray dx = Nd4j.cnn().conv2d(padded, flipped, config);
        return new INDArray[] {nhwc ? dx.permute(0, 2, 3, 1).dup('c') : dx};
    }

    /**
     * [out, in, kh, kw] to [in, out, kh, kw], flipped in both spatial dimensions. Flipped here rather
     * than with ND4J's reverse op, which took about 2 s on a 2048×1024 1×1 kernel.
     */
    static INDArray transposedFlippedKernel(INDArray w) {
        INDArray t = w.permute(1, 0, 2, 3).dup('c');
        long kh = t.size(2);
        long kw = t.size(3);
        if (kh == 1 && kw == 1) {
            return t;
        }
        double[] src = t.data().asDouble();
        double[] dst = new double[src.length];
        int plane = (int) (kh * kw);
        for (int base = 0; base < src.length; base += plane) {
            for (int i = 0; i < plane; i++) {
                dst[base + plane - 1 - i] = src[base + i];
            }
        }
        return Nd4j.createFromArray(dst).reshape(t.shape()).castTo(w.dataType());
    }
}
