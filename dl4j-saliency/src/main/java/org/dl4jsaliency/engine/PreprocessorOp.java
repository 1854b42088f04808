package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An {@link InputPreProcessor} (a reshape between layouts) and its backward reshape. */
final class PreprocessorOp implements NodeOp {
    private final InputPreProcessor preprocessor;

    PreprocessorOp(InputPreProcessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        return preprocessor.preProcess(inputs[0], (int) inputs[0].size(0), LayerWorkspaceMgr.noWorkspaces());
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        INDArray eps = preprocessor.backprop(signal.dup(), (int) inputs[0].size(0), LayerWorkspaceMgr.noWorkspaces());
        return new INDArray[] {eps.reshape(inputs[0].shape())};
    }
}
