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
 * original) over a parameter buffer (the original's, shared and read-only, or a copy, possibly of
 * another floating point type), with workspaces off.
 */
public final class AnalysisCopies {
    private AnalysisCopies() {
    }

    /**
     * Returns a fresh analysis copy of {@code model}; with {@code privateParameters} the copy gets
     * its own parameter buffer, which rules may modify, else it shares the model's. Unlike DL4J's
     * {@code clone()}, the copy holds no updater state or gradients: for a VGG16 it costs one copy of the
     * parameters (0.5 GB) where {@code clone()} took over 2 GB. Use it for inference and explanation only.
     */
    public static Model copyOf(Model model, boolean privateParameters) {
        INDArray params = parametersOf(model);
        return copyOver(model, privateParameters ? params.dup() : params);
    }

    /** The flattened parameters of {@code model}, with a clear error if it was never initialised. */
    static INDArray parametersOf(Model model) {
        if (model instanceof MultiLayerNetwork mln) {
            return paramsOf(mln.getLayers() == null ? null : mln.params(), "MultiLayerNetwork");
        }
        if (model instanceof ComputationGraph cg) {
            return paramsOf(cg.getVertices() == null ? null : cg.params(), "ComputationGraph");
        }
        throw new IllegalArgumentException("Expected a MultiLayerNetwork or ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    /**
     * Returns a fresh analysis copy of {@code model}'s configuration over {@code params} (used as the
     * copy's parameter buffer, not copied), which must be laid out like the model's own. The copy
     * computes in the type of {@code params}, which may differ from the model's: this is how
     * {@link Precision} converts, as DL4J's {@code convertDataType} does (a configuration declaring the
     * new type over cast parameters), without that method's serialisation round trip and updater copy.
     */
    static Model copyOver(Model model, INDArray params) {
        return copyOver(model, params, false);
    }

    /** As {@link #copyOver(Model, INDArray)}, with the configuration converted to NHWC ({@link InternalLayout}). */
    static Model copyOver(Model model, INDArray params, boolean nhwc) {
        if (model instanceof MultiLayerNetwork mln) {
            MultiLayerConfiguration conf = mln.getLayerWiseConfigurations().clone();
            conf.setDataType(params.dataType());
            if (nhwc) {
                InternalLayout.convert(conf);
            }
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            MultiLayerNetwork copy = new MultiLayerNetwork(conf);
            copy.init(params, false);
            return copy;
        }
        if (model instanceof ComputationGraph cg) {
            ComputationGraphConfiguration conf = cg.getConfiguration().clone();
            restoreMergeAxes(cg.getConfiguration(), conf);
            conf.setDataType(params.dataType());
            if (nhwc) {
                InternalLayout.convert(conf);
            }
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            ComputationGraph copy = new ComputationGraph(conf);
            copy.init(params, false);
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
