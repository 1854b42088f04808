package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A layer whose inference forward and input gradient come from DL4J's own implementation. Used for
 * layers whose activation is the identity on the analysis copy (the real one is split off into an
 * {@link ActivationOp}), and for parameter-free layers such as pooling and padding.
 *
 * <p>The layer object belongs to one analysis copy, which one thread uses at a time.
 */
final class DelegatingLayerOp implements NodeOp, LayerBacked {
    private final Layer layer;

    DelegatingLayerOp(Layer layer) {
        this.layer = layer;
    }

    @Override
    public Layer layer() {
        return layer;
    }

    /**
     * DL4J's backward writes weight gradients into a view the network normally allocates for all layers at
     * once ({@code initGradientsView}, as large as the parameters); analysis copies skip that and give a
     * layer that needs one its own, on first use.
     */
    private void ensureGradientView() {
        if (layer.numParams() > 0 && layer.getGradientsViewArray() == null) {
            layer.setBackpropGradientsViewArray(Nd4j.create(layer.params().dataType(), 1, layer.numParams()));
        }
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        layer.setInputMiniBatchSize((int) inputs[0].size(0));
        return layer.activate(inputs[0], false, LayerWorkspaceMgr.noWorkspaces());
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        ensureGradientView();
        // Set the input again: another forward on this copy may have happened since (fan-out, chunks).
        layer.setInput(inputs[0], mgr);
        layer.setInputMiniBatchSize((int) inputs[0].size(0));
        // dup: DL4J's backward may work in place on the epsilon it is given.
        Pair<Gradient, INDArray> result = layer.backpropGradient(signal.dup(), mgr);
        return new INDArray[] {result.getSecond()};
    }
}
