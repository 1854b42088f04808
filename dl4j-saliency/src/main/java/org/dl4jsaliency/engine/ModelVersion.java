package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What tells the engine that a model's parameters may have changed: where the parameter buffer lives
 * (a new one after {@code init}) and the iteration and epoch counts that {@code fit()} advances. Cheap
 * to read, so it is compared before every pass; in-place edits that bypass {@code fit()} are not seen.
 * The buffer is identified by its native address: {@code ComputationGraph.params()} returns a new
 * array object on every call.
 */
record ModelVersion(long address, long length, long iterations, long epochs) {

    static ModelVersion of(Model model) {
        INDArray params = AnalysisCopies.parametersOf(model);
        long address = params.data().address() + params.offset() * params.dataType().width();
        if (model instanceof MultiLayerNetwork m) {
            return new ModelVersion(address, params.length(), m.getIterationCount(), m.getEpochCount());
        }
        ComputationGraph g = (ComputationGraph) model;
        return new ModelVersion(address, params.length(), g.getIterationCount(), g.getEpochCount());
    }
}
