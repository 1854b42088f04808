package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.rules.GuidedBackpropRule;
import org.dl4jsaliency.rules.RectificationRule;
import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.NodeKind;
import org.dl4jsaliency.spi.RuleAssignment;
import org.dl4jsaliency.spi.RuleContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReLUs computed in place over their input (when no rule reads that input afterwards) give exactly the
 * maps of the same rules behind a wrapper that declares it reads everything, which keeps every
 * activation: the saving is memory only.
 */
class InPlaceReluTest {

    /** {@code rule} unchanged, but declaring the default: it reads inputs and outputs. */
    private static BackwardRule readingEverything(BackwardRule rule) {
        return new BackwardRule() {
            @Override
            public String name() {
                return "reads-all(" + (rule == null ? "gradient" : rule.name()) + ")";
            }

            @Override
            public INDArray[] backward(RuleContext context, INDArray signal) {
                return rule == null ? context.gradient(signal) : rule.backward(context, signal);
            }
        };
    }

    private static RuleAssignment keepingActivations(RuleAssignment rules) {
        return node -> node.isRelu() || node.kind() == NodeKind.LINEAR ? readingEverything(rules.ruleFor(node))
                : rules.ruleFor(node);
    }

    private static int inPlaceCount(SaliencyEngine engine, INDArray x, RuleAssignment rules) {
        return engine.withGraph(g -> {
            INDArray[] acts = g.forward(x, rules, 0);
            int shared = 0;
            for (Node n : g.nodes()) {
                if (n.isRelu() && n.index() <= g.logitsNode().index() && acts[n.index()] == acts[n.inputs()[0]]) {
                    shared++;
                }
            }
            return shared;
        });
    }

    @Test
    void inPlaceReluChangesNoMap() {
        RectificationRule rectify = RectificationRule.percentile(80);
        GuidedBackpropRule guided = new GuidedBackpropRule();
        List<RuleAssignment> assignments = List.of(RuleAssignment.gradient(), n -> n.isRelu() ? rectify : null,
                n -> n.isRelu() ? guided : null);
        for (Model m : List.of(TestNets.convMln(81), TestNets.residualGraph(82, CNN2DFormat.NCHW))) {
            INDArray x = m instanceof MultiLayerNetwork ? TestNets.input(83, 3, 2, 12, 12) : TestNets.input(83, 3, 2, 8, 8);
            SaliencyEngine engine = SaliencyEngine.of(m);
            for (RuleAssignment rules : assignments) {
                assertTrue(inPlaceCount(engine, x, rules) > 0, "no ReLU ran in place: the test would prove nothing");
                assertEquals(0, inPlaceCount(engine, x, keepingActivations(rules)));
                INDArray fast = engine.backward(x, Targets.all(1), ExplainedOutput.LOGIT, rules).signal();
                INDArray kept = engine.backward(x, Targets.all(1), ExplainedOutput.LOGIT, keepingActivations(rules)).signal();
                assertEquals(0.0, kept.sub(fast).amaxNumber().doubleValue(), m.getClass().getSimpleName() + " differs");
            }
        }
    }
}
