package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a method says it costs ({@link AttributionMethod#passesPerExample}, used for progress estimates)
 * is what the engine counts when the method runs, for every registered method.
 */
class PassCountTest {

    @Test
    void declaredPassesEqualTheEnginesCount() {
        MultiLayerNetwork net = TestNets.convMln(91);
        INDArray x = TestNets.input(92, 3, 2, 12, 12);
        SaliencyEngine engine = SaliencyEngine.builder(net).chunkSize(4).build();
        List<AttributionMethod> methods = new java.util.ArrayList<>();
        for (String name : MethodRegistry.names()) {
            methods.add(MethodRegistry.create(name));
        }
        methods.add(MethodRegistry.create("integrated-gradients", Map.of("steps", "7")));
        methods.add(MethodRegistry.create("smoothgrad", Map.of("samples", "5", "base", "integrated-gradients",
                "base.steps", "3")));
        methods.add(MethodRegistry.create("occlusion", Map.of("window", "5", "stride", "3")));
        for (AttributionMethod m : methods) {
            long before = engine.examplesProcessed();
            m.attribute(engine, x, Targets.predicted(), ExplainedOutput.LOGIT);
            assertEquals(x.size(0) * m.passesPerExample(12, 12), engine.examplesProcessed() - before, m.toString());
        }
    }
}
