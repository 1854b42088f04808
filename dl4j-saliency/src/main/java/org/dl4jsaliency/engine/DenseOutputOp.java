package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The linear part z = xW + b of an output layer. DL4J's own backward of an output layer returns the
 * gradient of the loss against labels, so the input gradient is computed here: signal · Wᵀ.
 */
final class DenseOutputOp implements NodeOp {
    private final Layer layer;

    DenseOutputOp(Layer layer) {
        this.layer = layer;
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
