package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The engine explains its own copy of the parameters: training through {@code fit()} is picked up
 * before the next pass, in-place edits after {@link SaliencyEngine#refresh()}, and a map always equals
 * that of a freshly built engine on the same parameters (the cached backward kernels are never stale).
 */
class ParameterSnapshotTest {
    private static final List<String> METHODS = List.of("gradient", "rectgrad", "lrp-epsilon-plus");

    private static INDArray explain(Explainer ex, INDArray x, String method) {
        return ex.explain(x, Targets.all(1), MethodRegistry.create(method)).map();
    }

    private static INDArray fresh(Model m, INDArray x, String method) {
        return explain(Explainer.of(m), x, method);
    }

    private static void fitOnce(Model m, INDArray x) {
        INDArray labels = Nd4j.zeros(x.dataType(), x.size(0), m instanceof MultiLayerNetwork ? 5 : 4);
        labels.getColumn(0).assign(1);
        if (m instanceof MultiLayerNetwork n) {
            n.fit(new DataSet(x, labels));
        } else {
            ((ComputationGraph) m).fit(new DataSet(x, labels));
        }
    }

    private static List<Model> models() {
        return List.of(TestNets.convMln(71), TestNets.residualGraph(72, CNN2DFormat.NCHW));
    }

    private static INDArray input(Model m) {
        return m instanceof MultiLayerNetwork ? TestNets.input(73, 3, 2, 12, 12) : TestNets.input(73, 3, 2, 8, 8);
    }

    @Test
    void trainingWithFitIsPickedUpBeforeTheNextPass() {
        for (Model m : models()) {
            INDArray x = input(m);
            Explainer ex = Explainer.of(m);
            for (String method : METHODS) {
                explain(ex, x, method);
            }
            INDArray before = explain(ex, x, "gradient");
            fitOnce(m, x);
            for (String method : METHODS) {
                assertEquals(0.0, fresh(m, x, method).sub(explain(ex, x, method)).amaxNumber().doubleValue(),
                        m.getClass().getSimpleName() + " " + method);
            }
            assertNotEquals(before, explain(ex, x, "gradient"), "training changed nothing: the test would prove nothing");
        }
    }

    @Test
    void inPlaceEditsAreExplainedAfterRefresh() {
        for (Model m : models()) {
            INDArray x = input(m);
            Explainer ex = Explainer.of(m);
            INDArray before = explain(ex, x, "gradient");
            m.params().muli(1.5);
            assertEquals(0.0, before.sub(explain(ex, x, "gradient")).amaxNumber().doubleValue(),
                    "the snapshot is what the engine explains until refresh()");
            ex.engine().refresh();
            for (String method : METHODS) {
                assertEquals(0.0, fresh(m, x, method).sub(explain(ex, x, method)).amaxNumber().doubleValue(),
                        m.getClass().getSimpleName() + " " + method);
            }
        }
    }

    @Test
    void withoutACopyTheEngineReadsTheModelsParametersInPlace() {
        for (Model m : models()) {
            INDArray x = input(m);
            Explainer shared = Explainer.of(SaliencyEngine.builder(m).copyParameters(false).build());
            for (String method : METHODS) {
                assertEquals(0.0, fresh(m, x, method).sub(explain(shared, x, method)).amaxNumber().doubleValue(),
                        m.getClass().getSimpleName() + " " + method);
            }
            m.params().muli(0.5);
            shared.engine().refresh();
            for (String method : METHODS) {
                assertEquals(0.0, fresh(m, x, method).sub(explain(shared, x, method)).amaxNumber().doubleValue(),
                        m.getClass().getSimpleName() + " " + method + " after refresh");
            }
        }
    }

    @Test
    void aForwardPassAloneFreesAsItGoesAndGivesTheSameLogits() {
        for (Model m : models()) {
            INDArray x = input(m);
            SaliencyEngine engine = SaliencyEngine.of(m);
            INDArray kept = engine.withGraph(g -> g.forward(x)[g.logitsNode().index()]);
            assertEquals(0.0, kept.sub(engine.logits(x)).amaxNumber().doubleValue(), m.getClass().getSimpleName());
        }
    }
}
