package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.dl4jsaliency.spi.RuleContext;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A standard 2D convolution computed with ND4J's conv2d op (the oneDNN build where available),
 * several times faster than DL4J's own layer; the finite-difference tests check it against DL4J's
 * output. The input gradient is one forward convolution of the (stride-dilated, padded) signal with
 * the transposed, flipped kernel, which skips the weight gradient DL4J's backward always computes.
 *
 * <p>The transposed kernel is built once per analysis graph and kept (its parameters change only
 * through {@link RuleContext}, which says so).
 *
 * <p>Where the padding makes the transposed form awkward (padding larger than the dilated kernel
 * reach), it falls back to DL4J's backward.
 */
final class ConvolutionOp implements NodeOp, LayerBacked {
    /** Input channels up to which the input gradient is computed by {@link #byColumns}. */
    private static final int FEW_CHANNELS = 4;

    private final Layer layer;
    private final ConvolutionLayer conf;
    /** DL4J's own backward, for padding the transposed form cannot express. */
    private final DelegatingLayerOp fallback;
    /** The transposed, flipped kernel, built on first use: the parameters of a graph only change through
     * {@link #parametersChanged()}. */
    private INDArray backwardKernel;

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
    public void parametersChanged() {
        backwardKernel = null;
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
        INDArray x = inputs[0];
        int hAxis = nhwc ? 1 : 2;
        int h = (int) x.size(hAxis);
        int w = (int) x.size(hAxis + 1);
        int ho = (int) signal.size(hAxis);
        int wo = (int) signal.size(hAxis + 1);
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        int[] p = conf.getConvolutionMode() == ConvolutionMode.Same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {ho, wo}, new int[] {h, w}, k, s, d)
                : conf.getPadding();
        if (x.size(nhwc ? 3 : 1) <= FEW_CHANNELS) {
            INDArray dx = byColumns(signal, nhwc, h, w, k, s, d, p);
            return new INDArray[] {nhwc ? dx.permute(0, 2, 3, 1).dup('c') : dx};
        }
        int top = d[0] * (k[0] - 1) - p[0];
        int left = d[1] * (k[1] - 1) - p[1];
        int bottom = h + p[0] - (ho - 1) * s[0] - 1;
        int right = w + p[1] - (wo - 1) * s[1] - 1;
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            return fallback.backward(inputs, output, signal);
        }
        return new INDArray[] {transposed(signal, nhwc, k, s, d, top, left, bottom, right)};
    }

    /**
     * The input gradient as one forward convolution with the transposed, flipped kernel, in the layer's
     * layout. A stride-1 signal with the same padding on both sides is padded by the convolution
     * itself; otherwise the signal is first spread onto a zero grid (stride dilation) with the needed
     * padding.
     */
    private INDArray transposed(INDArray g, boolean nhwc, int[] k, int[] s, int[] d, int top, int left, int bottom,
                                int right) {
        if (backwardKernel == null) {
            backwardKernel = transposedFlippedKernel(layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY));
        }
        Conv2DConfig.Conv2DConfigBuilder config = Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(1).sW(1)
                .dH(d[0]).dW(d[1]).paddingMode(PaddingMode.VALID)
                .dataFormat(nhwc ? Conv2DConfig.NHWC : Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX);
        if (s[0] == 1 && s[1] == 1 && top == bottom && left == right) {
            return Nd4j.cnn().conv2d(g, backwardKernel, config.pH(top).pW(left).build());
        }
        int hAxis = nhwc ? 1 : 2;
        long ho = g.size(hAxis);
        long wo = g.size(hAxis + 1);
        long height = top + (ho - 1) * s[0] + 1 + bottom;
        long width = left + (wo - 1) * s[1] + 1 + right;
        if (k[0] == 1 && k[1] == 1 && top == 0 && left == 0) {
            // A strided 1×1 convolution touches only every s-th pixel: transform at the signal's
            // resolution and place the result there, instead of convolving a mostly-zero grid.
            INDArray low = Nd4j.cnn().conv2d(g, backwardKernel, config.pH(0).pW(0).build());
            INDArray dx = Nd4j.zeros(g.dataType(), spatial(nhwc, g.size(0), low.size(nhwc ? 3 : 1), height, width));
            dx.get(grid(nhwc, 0, s, ho, wo)).assign(low);
            low.close();
            return dx;
        }
        INDArray padded = Nd4j.zeros(g.dataType(), spatial(nhwc, g.size(0), g.size(nhwc ? 3 : 1), height, width));
        padded.get(grid(nhwc, top, s, ho, wo, left)).assign(g);
        INDArray dx = Nd4j.cnn().conv2d(padded, backwardKernel, config.pH(0).pW(0).build());
        padded.close();
        return dx;
    }

    /** The shape [n, c, h, w] in the given layout. */
    private static long[] spatial(boolean nhwc, long n, long c, long h, long w) {
        return nhwc ? new long[] {n, h, w, c} : new long[] {n, c, h, w};
    }

    /** Every s-th row and column from (top, left), ho × wo of them, over all examples and channels. */
    private static INDArrayIndex[] grid(boolean nhwc, int top, int[] s, long ho, long wo, int left) {
        INDArrayIndex rows = NDArrayIndex.interval(top, s[0], top + (ho - 1) * s[0] + 1);
        INDArrayIndex cols = NDArrayIndex.interval(left, s[1], left + (wo - 1) * s[1] + 1);
        return nhwc ? new INDArrayIndex[] {NDArrayIndex.all(), rows, cols, NDArrayIndex.all()}
                : new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), rows, cols};
    }

    private static INDArrayIndex[] grid(boolean nhwc, int top, int[] s, long ho, long wo) {
        return grid(nhwc, top, s, ho, wo, top);
    }

    /**
     * The input gradient of a layer with few input channels (an image model's first layer), as NCHW:
     * oneDNN is slow at producing 1–4 output channels, so the kernel taps' contributions are computed
     * as a matrix product Wᵀ·g per example and scattered onto the image with ND4J's col2im. An NHWC
     * signal enters the product transposed, without a copy.
     */
    private INDArray byColumns(INDArray signal, boolean nhwc, int h, int w, int[] k, int[] s, int[] d, int[] p) {
        INDArray g = signal.ordering() == 'c' && !signal.isView() ? signal : signal.dup('c');
        long n = g.size(0);
        long co = g.size(nhwc ? 3 : 1);
        long positions = g.length() / (n * co);
        long ho = g.size(nhwc ? 1 : 2);
        long wo = g.size(nhwc ? 2 : 3);
        INDArray weights = layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        long ci = weights.size(1);
        INDArray taps = weights.reshape('c', co, ci * k[0] * k[1]);
        INDArray cols = Nd4j.createUninitialized(g.dataType(), n, ci, k[0], k[1], ho, wo);
        for (long e = 0; e < n; e++) {
            INDArray ge = nhwc ? g.get(NDArrayIndex.point(e)).reshape('c', positions, co)
                    : g.get(NDArrayIndex.point(e)).reshape('c', co, positions);
            Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(taps, ge)
                    .addOutputs(cols.get(NDArrayIndex.point(e)).reshape('c', ci * k[0] * k[1], positions))
                    .addIntegerArguments(1, nhwc ? 1 : 0).build());
        }
        INDArray dx = Nd4j.zeros(g.dataType(), n, ci, h, w);
        Nd4j.exec(DynamicCustomOp.builder("col2im").addInputs(cols).addOutputs(dx)
                .addIntegerArguments(s[0], s[1], p[0], p[1], h, w, d[0], d[1], 0).build());
        cols.close();
        return dx;
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
