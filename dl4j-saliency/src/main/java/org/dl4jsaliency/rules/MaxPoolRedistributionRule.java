package org.dl4jsaliency.rules;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RectGrad-PRR's proportional redistribution at a max-pooling layer: each window's output signal is
 * shared among the window's inputs in proportion to their values, dT/dx_i = x_i / Σ_window x_j · g_out,
 * instead of going to the maximum alone. Windows whose inputs sum to zero pass nothing.
 */
public final class MaxPoolRedistributionRule implements BackwardRule {

    @Override
    public String name() {
        return "proportional-redistribution";
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray signal) {
        SubsamplingLayer conf = (SubsamplingLayer) context.node().config();
        boolean nhwc = context.node().cnnFormat() == CNN2DFormat.NHWC;
        INDArray x = nhwc ? context.input(0).permute(0, 3, 1, 2) : context.input(0);
        INDArray g = nhwc ? signal.permute(0, 3, 1, 2) : signal;
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int ho = (int) g.size(2);
        int wo = (int) g.size(3);
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] pad = conf.getConvolutionMode() == ConvolutionMode.Same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {ho, wo}, new int[] {h, w}, k, s, new int[] {1, 1})
                : conf.getPadding();
        double[] xs = x.dup('c').data().asDouble();
        double[] gs = g.dup('c').data().asDouble();
        double[] out = new double[xs.length];
        for (int plane = 0; plane < n * c; plane++) {
            int xBase = plane * h * w;
            int gBase = plane * ho * wo;
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    double go = gs[gBase + oy * wo + ox];
                    if (go == 0) {
                        continue;
                    }
                    int y0 = oy * s[0] - pad[0];
                    int x0 = ox * s[1] - pad[1];
                    double sum = 0;
                    for (int dy = 0; dy < k[0]; dy++) {
                        for (int dx = 0; dx < k[1]; dx++) {
                            int yy = y0 + dy;
                            int xx = x0 + dx;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                sum += xs[xBase + yy * w + xx];
                            }
                        }
                    }
                    if (sum == 0) {
                        continue;
                    }
                    double f = go / sum;
                    for (int dy = 0; dy < k[0]; dy++) {
                        for (int dx = 0; dx < k[1]; dx++) {
                            int yy = y0 + dy;
                            int xx = x0 + dx;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                out[xBase + yy * w + xx] += xs[xBase + yy * w + xx] * f;
                            }
                        }
                    }
                }
            }
        }
        INDArray r = Nd4j.createFromArray(out).reshape(n, c, h, w).castTo(signal.dataType());
        return new INDArray[] {nhwc ? r.permute(0, 2, 3, 1).dup('c') : r};
    }
}
