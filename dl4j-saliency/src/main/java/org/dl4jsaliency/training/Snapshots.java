package org.dl4jsaliency.training;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Frozen copies of a network in training: the listener explains a copy so that nothing it does can
 * reach the training model's parameters, layer state, workspaces or updater.
 */
final class Snapshots {
    private Snapshots() {
    }

    /**
     * A cloned configuration over a duplicate of the parameters, workspaces off. Passing the
     * parameters to {@code init} skips weight initialisation, which is also what keeps ND4J's global
     * RNG untouched (a plain {@code init()} re-seeds it from the configuration).
     */
    static Model of(Model model) {
        if (model instanceof MultiLayerNetwork mln) {
            MultiLayerConfiguration conf = mln.getLayerWiseConfigurations().clone();
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            MultiLayerNetwork copy = new MultiLayerNetwork(conf);
            copy.init(mln.params().dup(), false);
            return copy;
        }
        if (model instanceof ComputationGraph cg) {
            ComputationGraphConfiguration conf = cg.getConfiguration().clone();
            restoreMergeAxes(cg.getConfiguration(), conf);
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            ComputationGraph copy = new ComputationGraph(conf);
            copy.init(cg.params().dup(), false);
            return copy;
        }
        throw new IllegalArgumentException("InputBiasListener needs a MultiLayerNetwork or ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    /** DL4J 1.0.0-M2.1's MergeVertex.clone() drops mergeAxis (NHWC merges would break): copy it back. */
    private static void restoreMergeAxes(ComputationGraphConfiguration original, ComputationGraphConfiguration clone) {
        original.getVertices().forEach((name, v) -> {
            if (v instanceof MergeVertex m && clone.getVertices().get(name) instanceof MergeVertex c) {
                c.setMergeAxis(m.getMergeAxis());
            }
        });
    }
}
