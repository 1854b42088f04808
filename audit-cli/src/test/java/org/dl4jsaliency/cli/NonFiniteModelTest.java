package org.dl4jsaliency.cli;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model that cannot be measured never gets a verdict: NaN parameters stop {@code audit},
 * {@code explain} and {@code doctor} with one line naming the layer, and an audit in which every
 * check was not applicable exits 2 instead of passing.
 */
class NonFiniteModelTest {
    private static final Path DEMO = Path.of("..", "zoo-configs", "models", "dark-square.zip").toAbsolutePath()
            .normalize();

    /** The demo model with one NaN weight in its second convolution (DL4J layer 1). */
    private static Path demoWithNaN(Path dir) throws Exception {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(DEMO.toFile(), false);
        net.getLayer(1).getParam("W").putScalar(0, Double.NaN);
        Path zip = dir.resolve("nan.zip");
        ModelSerializer.writeModel(net, zip.toFile(), false);
        return zip;
    }

    private static String oneLine(CliRun r) {
        assertEquals(2, r.code(), r.out() + r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + r.err());
        return lines[0];
    }

    private static long filesIn(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void auditOfANaNModelStopsNamingTheLayerAndWritesNoReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        String line = oneLine(CliRun.of("audit", "--model", demoWithNaN(dir).toString(), "--method", "gradient",
                "--probes", "2", "--out", out.toString()));
        assertTrue(line.contains("logits hold NaN/Inf") && line.contains("(ConvolutionLayer): its parameter(s) [W] "
                + "hold NaN/Inf"), line);
        assertEquals(0, filesIn(out), "no report for a model that could not be measured");
    }

    @Test
    void explainOfANaNModelWritesNoMap(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("gray.png");
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(img, "png", image.toFile());
        Path out = dir.resolve("out");
        String line = oneLine(CliRun.of("explain", "--model", demoWithNaN(dir).toString(), "--input-shape", "1,16,16",
                "--input", image.toString(), "--out", out.toString()));
        assertTrue(line.contains("logits hold NaN/Inf for example(s) [0]"), line);
        assertFalse(line.contains("does not fit"), "the model is at fault, not the input's shape: " + line);
        assertEquals(0, filesIn(out), "no .npy and no heatmap from NaN values");
    }

    @Test
    void doctorChecksParametersAndAProbeForwardPass(@TempDir Path dir) throws Exception {
        String line = oneLine(CliRun.of("doctor", "--model", demoWithNaN(dir).toString(), "--input-shape", "1,16,16"));
        assertTrue(line.contains("[1_W] hold NaN/Inf"), line);
        CliRun sound = CliRun.of("doctor", "--model", DEMO.toString(), "--input-shape", "1,16,16");
        assertEquals(0, sound.code(), sound.err());
        assertTrue(sound.out().contains("parameters finite")
                && sound.out().contains("probe forward pass [1, 16, 16]: logits finite"), sound.out());
    }

    @Test
    void anAuditThatMeasuredNothingIsNotAPass(@TempDir Path dir) throws Exception {
        // VGG16's zero-padded first layer makes re-encoding not applicable (its logits change).
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("audit", "--config", "vgg16", "--method", "gradient", "--check", "re-encoding",
                "--out", out.toString(), "--warn-only");
        String line = oneLine(r);
        assertTrue(line.contains("nothing was measured"), line);
        assertTrue(r.out().contains("re-encoding measured nothing: not applicable to any method"), r.out());
        assertTrue(r.out().strip().endsWith("NOT MEASURED"), r.out());
        String junit = Files.readString(out.resolve("audit-junit.xml"));
        assertTrue(junit.contains("errors=\"1\"") && junit.contains("type=\"nothing-measured\""), junit);
        String json = Files.readString(out.resolve("audit.json"));
        assertTrue(json.contains("\"overall\" : \"NOT_APPLICABLE\"") || json.contains("\"overall\":\"NOT_APPLICABLE\""),
                json.substring(0, Math.min(400, json.length())));
        assertFalse(Files.readString(out.resolve("audit.html")).contains(">PASS</div>"));
    }
}
