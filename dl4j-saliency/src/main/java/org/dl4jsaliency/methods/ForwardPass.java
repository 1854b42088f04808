package org.dl4jsaliency.methods;

import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.NodeSignal;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.spi.RuleAssignment;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The explained value T without a backward pass, for methods that compare T at several inputs
 * (the path ends of Integrated Gradients, occluded copies) or must fix the targets on the clean input
 * before perturbing it. Stopping the engine's pass at the logits node resolves targets and computes
 * T exactly as a backward pass would, for logits and probabilities alike.
 *
 * @param scores  T per example, shape [N]
 * @param targets the resolved class per example
 * @param logits  the logits, shape [N, classes]
 */
record ForwardPass(INDArray scores, int[] targets, INDArray logits) {

    static ForwardPass run(SaliencyEngine engine, INDArray x, Targets targets, ExplainedOutput output) {
        String logitsNode = engine.withGraph(g -> g.logitsNode().name());
        NodeSignal s = engine.signalAt(logitsNode, x, targets, output, RuleAssignment.gradient());
        return new ForwardPass(s.scores(), s.targets(), s.activation());
    }
}
