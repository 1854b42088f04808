package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2D max or average pooling with ND4J's {@code maxpool2d} / {@code avgpool2d} ops and their
 * backward ops, in the layer's layout: in NHWC (see {@link InternalLayout}) oneDNN pools a 224² map
 * several times faster than DL4J's layer does in either layout. Used only where it computes exactly
 * what DL4J's layer does ({@link #exact}); the finite-difference tests check it against DL4J's output.
 */
final class PoolingOp implements NodeOp, LayerBacked {
    private final Layer layer;
    private final SubsamplingLayer conf;

    PoolingOp(Layer layer, SubsamplingLayer conf) {
        this.layer = layer;
        this.conf = conf;
    }

    /**
     * Max pooling, and average pooling without padding (where DL4J's and ND4J's divisors could differ).
     */
    static boolean exact(SubsamplingLayer conf) {
        if (conf.getPoolingType() == PoolingType.MAX) {
            return true;
        }
        boolean noPadding = conf.getConvolutionMode() != ConvolutionMode.Same && conf.getPadding()[0] == 0
                && conf.getPadding()[1] == 0;
        return conf.getPoolingType() == PoolingType.AVG && noPadding;
    }

    @Override
    public Layer layer() {
        return layer;
    }

    private boolean max() {
        return conf.getPoolingType() == PoolingType.MAX;
    }

    /** kH, kW, sH, sW, pH, pW, dH, dW, same mode, divisor (1: the whole window), NHWC. */
    private int[] arguments() {
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] p = conf.getPadding();
        int[] d = conf.getDilation();
        boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
        return new int[] {k[0], k[1], s[0], s[1], same ? 0 : p[0], same ? 0 : p[1], d[0], d[1], same ? 1 : 0, 1,
                conf.getCnn2dDataFormat() == CNN2DFormat.NHWC ? 1 : 0};
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        return Nd4j.exec(DynamicCustomOp.builder(max() ? "maxpool2d" : "avgpool2d").addInputs(inputs[0])
                .addIntegerArguments(arguments()).build())[0];
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        INDArray dx = inputs[0].ulike();
        Nd4j.exec(DynamicCustomOp.builder(max() ? "maxpool2d_bp" : "avgpool2d_bp").addInputs(inputs[0], signal)
                .addOutputs(dx).addIntegerArguments(arguments()).build());
        return new INDArray[] {dx};
    }
}
