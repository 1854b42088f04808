package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.methods.RectifiedGradient;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The user's model is never modified, and concurrent explanations equal sequential ones. */
class ModelIsolationTest {

    private static String json(Model m) {
        return m instanceof MultiLayerNetwork n ? n.getLayerWiseConfigurations().toJson()
                : ((ComputationGraph) m).getConfiguration().toJson();
    }

    @Test
    void explainingLeavesConfigurationAndParametersUntouched() {
        for (Model m : List.of(TestNets.convMln(51), TestNets.residualGraph(52, CNN2DFormat.NCHW))) {
            String conf = json(m);
            INDArray params = m.params().dup();
            INDArray x = m instanceof MultiLayerNetwork ? TestNets.input(53, 2, 2, 12, 12) : TestNets.input(53, 2, 2, 8, 8);
            INDArray before = TestNets.output(m, x);
            Explainer ex = Explainer.of(m);
            for (String method : MethodRegistry.names()) {
                ex.explain(x, method);
            }
            ex.explain(x, Targets.predicted(), RectifiedGradient.builder().proportionalRedistribution(true).build());
            assertEquals(conf, json(m));
            assertEquals(params, m.params());
            assertEquals(before, TestNets.output(m, x));
        }
    }

    @Test
    void concurrentExplanationsEqualSequentialOnes() throws Exception {
        Model m = TestNets.residualGraph(54, CNN2DFormat.NCHW);
        Explainer ex = Explainer.of(m);
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> sequential = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            INDArray x = TestNets.input(100 + i, 2, 2, 8, 8);
            inputs.add(x);
            sequential.add(ex.explain(x, Targets.predicted(), RectifiedGradient.builder().q(50).build()).map());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<INDArray>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (INDArray x : inputs) {
                    futures.add(pool.submit(() -> ex.explain(x, Targets.predicted(),
                            RectifiedGradient.builder().q(50).build()).map()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertEquals(sequential.get(i % inputs.size()), futures.get(i).get(), "task " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
