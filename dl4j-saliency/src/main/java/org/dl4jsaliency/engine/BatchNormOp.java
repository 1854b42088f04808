package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * BatchNormalization in inference form, y = γ (x − μ) / √(σ² + ε) + β: a per-channel affine map whose
 * input gradient is signal · γ / √(σ² + ε). DL4J's own backward always uses the training formula
 * (batch statistics), which is wrong for explaining a trained model. The forward pass uses the same
 * affine form, y = scale · x + shift, one broadcast pass each instead of DL4J's layer code.
 */
final class BatchNormOp implements NodeOp, LayerBacked {
    private final Layer layer;
    private final BatchNormalization conf;
    /** Scale and shift of the affine form, derived from the parameters on first use. */
    private INDArray[] affine;

    BatchNormOp(Layer layer, BatchNormalization conf) {
        this.layer = layer;
        this.conf = conf;
    }

    @Override
    public Layer layer() {
        return layer;
    }

    @Override
    public void parametersChanged() {
        affine = null;
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        INDArray[] a = affine();
        INDArray x = inputs[0];
        int axis = channelAxis(x.rank());
        INDArray result = x.ulike();
        Broadcast.mul(x, a[0].castTo(x.dataType()), result, axis);
        Broadcast.add(result, a[1].castTo(x.dataType()), result, axis);
        return result;
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        INDArray scale = affine()[0].castTo(signal.dataType());
        int axis = channelAxis(signal.rank());
        INDArray result = signal.ulike();
        Broadcast.mul(signal, scale, result, axis);
        return new INDArray[] {result};
    }

    /** {scale, shift}, computed once per parameter state. */
    private INDArray[] affine() {
        if (affine == null) {
            affine = new INDArray[] {scale(), shift()};
        }
        return affine;
    }

    /** β − μ · γ / √(σ² + ε) per channel: with {@link #scale()}, y = scale · x + shift. */
    INDArray shift() {
        INDArray mean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(-1);
        INDArray beta = conf.isLockGammaBeta()
                ? Nd4j.valueArrayOf(mean.shape(), conf.getBeta(), mean.dataType())
                : layer.getParam(BatchNormalizationParamInitializer.BETA).reshape(-1);
        return beta.sub(mean.mul(scale()));
    }

    /** γ / √(σ² + ε) per channel. */
    INDArray scale() {
        INDArray var;
        if (conf.isUseLogStd()) {
            // DL4J stores log10 of the standard deviation: σ² = (10^log10σ)².
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(
                    layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).shape(), 10.0,
                    layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).dataType()),
                    layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD), true);
            var = std.mul(std);
        } else {
            var = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).dup();
        }
        INDArray denom = Transforms.sqrt(var.addi(conf.getEps()), false);
        INDArray gamma = conf.isLockGammaBeta()
                ? Nd4j.valueArrayOf(denom.shape(), conf.getGamma(), denom.dataType())
                : layer.getParam(BatchNormalizationParamInitializer.GAMMA);
        return gamma.div(denom).reshape(-1);
    }

    private int channelAxis(int rank) {
        if (rank == 4 && conf.getCnn2DFormat() == CNN2DFormat.NHWC) {
            return 3;
        }
        return 1;
    }
}
