package org.dl4jsaliency.cli;

import org.dl4jsaliency.models.ZooModels;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.audit.AuditConfig;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.probes.ModelInput;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped configuration's model, and the benchmark's VGG16 and ResNet50 at 224² with 1000 classes,
 * gives finite logits on an input of noise over [0, 1] (the engine raises on anything else). DL4J's zoo
 * ResNet50 with its own random initialisation does not at 224².
 */
class ShippedModelsFiniteTest {
    private static final Path CONFIGS = Path.of("..", "zoo-configs").toAbsolutePath().normalize();

    private static void assertFiniteLogits(Model model, int[] shape, int classes, String what) {
        ModelInput input = ModelInput.of(model, shape);
        double[] noise = new SplittableRandom(7).doubles((long) shape[0] * shape[1] * shape[2]).toArray();
        INDArray x = input.fromNchw(Nd4j.create(noise, new long[] {1, shape[0], shape[1], shape[2]}, 'c')
                .castTo(input.dataType()));
        INDArray logits = SaliencyEngine.builder(model).copyParameters(false).build().logits(x);
        assertEquals(classes, logits.size(1), what);
        assertTrue(logits.norm2Number().doubleValue() > 0, what + ": logits are not all zero");
    }

    @Test
    void everyShippedConfigurationsModelGivesFiniteLogits() throws Exception {
        List<Path> configs;
        try (Stream<Path> files = Files.list(CONFIGS)) {
            configs = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path p : configs) {
            AuditConfig c = AuditConfig.read(p);
            int[] shape = c.model.inputShape.stream().mapToInt(Integer::intValue).toArray();
            Model model = c.model.zoo != null
                    ? ZooModels.create(c.model.zoo, c.model.classes, shape, c.model.seed == null ? 42 : c.model.seed)
                    : ModelOptions.loadFile(c.resolve(c.model.file).toFile());
            assertFiniteLogits(model, shape, c.model.zoo != null ? c.model.classes : outputs(model), p.toString());
        }
    }

    @Test
    void theBenchmarksFullSizeModelsGiveFiniteLogits() {
        int[] shape = {3, 224, 224};
        for (String name : List.of("vgg16", "resnet50")) {
            assertFiniteLogits(ZooModels.create(name, 1000, shape, 42), shape, 1000, name + " at 224²");
        }
    }

    private static int outputs(Model model) {
        if (model instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork m) {
            return (int) m.layerSize(m.getnLayers() - 1);
        }
        org.deeplearning4j.nn.graph.ComputationGraph g = (org.deeplearning4j.nn.graph.ComputationGraph) model;
        return (int) g.layerSize(g.getConfiguration().getNetworkOutputs().get(0));
    }
}
