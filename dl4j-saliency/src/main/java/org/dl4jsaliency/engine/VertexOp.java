package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A parameter-free ComputationGraph vertex (ElementWise, Merge, Subset, Scale, L2Normalize,
 * Preprocessor), computed by DL4J's own implementation on the analysis copy.
 */
final class VertexOp implements NodeOp {
    private final GraphVertex vertex;

    VertexOp(GraphVertex vertex) {
        this.vertex = vertex;
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        vertex.setInputs(inputs.clone());
        return vertex.doForward(false, LayerWorkspaceMgr.noWorkspaces());
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        // Forward again: vertices such as Merge keep per-call shapes from their last forward.
        vertex.setInputs(inputs.clone());
        vertex.doForward(false, mgr);
        vertex.setEpsilon(signal.dup());
        INDArray[] eps = vertex.doBackward(false, mgr).getSecond();
        INDArray[] out = new INDArray[eps.length];
        for (int i = 0; i < eps.length; i++) {
            out[i] = eps[i] == null ? null : eps[i].dup();
        }
        return out;
    }
}
