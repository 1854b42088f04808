package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Makes analysis copies of a user's network: a cloned configuration (so hooks never reach the
 * original) over the original's parameter buffer (shared, read-only), with workspaces off.
 */
final class AnalysisCopies {
    private AnalysisCopies() {
    }

    /** Returns a fresh analysis copy of {@code model} sharing its parameters. */
    static Model copyOf(Model model) {
        return copyOf(model, false);
    }

    /**
     * Returns a fresh analysis copy of {@code model}; with {@code privateParameters} the copy gets
     * its own parameter buffer, which rules may modify.
     */
    static Model copyOf(Model model, boolean privateParameters) {
        if (model instanceof MultiLayerNetwork mln) {
            INDArray params = paramsOf(mln.getLayers() == null ? null : mln.params(), "MultiLayerNetwork");
            MultiLayerConfiguration conf = mln.getLayerWiseConfigurations().clone();
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            MultiLayerNetwork copy = new MultiLayerNetwork(conf);
            copy.init(privateParameters ? params.dup() : params, false);
            copy.initGradientsView();
            return copy;
        }
        if (model instanceof ComputationGraph cg) {
            INDArray params = paramsOf(cg.getVertices() == null ? null : cg.params(), "ComputationGraph");
            ComputationGraphConfiguration conf = cg.getConfiguration().clone();
            restoreMergeAxes(cg.getConfiguration(), conf);
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            ComputationGraph copy = new ComputationGraph(conf);
            copy.init(privateParameters ? params.dup() : params, false);
            copy.initGradientsView();
            return copy;
        }
        throw new IllegalArgumentException("Expected a MultiLayerNetwork or ComputationGraph, got "
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

    private static INDArray paramsOf(INDArray params, String what) {
        if (params == null) {
            throw new IllegalArgumentException("The " + what + " has no parameters: call init() (or load it "
                    + "with ModelSerializer) before explaining it");
        }
        return params;
    }
}
