package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The linear part z = xW + b of a Dense or output layer, with input gradient signal · Wᵀ. DL4J's own
 * backward of an output layer returns the gradient of the loss against labels, and for a Dense layer
 * it also computes weight gradients, which an explanation never needs.
 */
final class DenseLinearOp implements NodeOp, LayerBacked {
    private final Layer layer;

    DenseLinearOp(Layer layer) {
        this.layer = layer;
    }

    @Override
    public Layer layer() {
        return layer;
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        INDArray z = inputs[0].mmul(layer.getParam(DefaultParamInitializer.WEIGHT_KEY));
        INDArray b = layer.paramTable().get(DefaultParamInitializer.BIAS_KEY);
        return b == null ? z : z.addiRowVector(b);
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        return new INDArray[] {signal.mmul(w.transpose())};
    }
}
