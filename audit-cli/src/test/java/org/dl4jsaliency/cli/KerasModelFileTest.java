package org.dl4jsaliency.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras HDF5 files given to --model. The fixtures come from src/test/resources/keras/make_fixture.py,
 * which writes the Keras 2.x layout with h5py and the expected logits with NumPy, so the imported
 * network is checked against an implementation that shares no code with DL4J.
 */
class KerasModelFileTest {

    private static File resource(String name) throws Exception {
        return new File(KerasModelFileTest.class.getResource("/keras/" + name).toURI());
    }

    @Test
    void sequentialModelImportsAsAMultiLayerNetworkAndMatchesTheNumpyLogits() throws Exception {
        MultiLayerNetwork net = assertInstanceOf(MultiLayerNetwork.class,
                ModelOptions.loadFile(resource("tiny_cnn.h5")));
        assertMatchesNumpyLogits(net.output(fixtureInput(net.params().dataType())));
    }

    @Test
    void functionalModelImportsAsAComputationGraphAndMatchesTheNumpyLogits() throws Exception {
        ComputationGraph graph = assertInstanceOf(ComputationGraph.class,
                ModelOptions.loadFile(resource("tiny_cnn_functional.h5")));
        assertMatchesNumpyLogits(graph.outputSingle(fixtureInput(graph.params().dataType())));
    }

    /** The fixed input; the Keras model is channels_last and imports with NHWC layers: [1, h, w, c]. */
    private static INDArray fixtureInput(DataType type) throws Exception {
        JsonNode image = expected().get("input_hwc");
        INDArray x = Nd4j.create(type, 1, image.size(), image.get(0).size(), image.get(0).get(0).size());
        for (int h = 0; h < image.size(); h++) {
            for (int w = 0; w < image.get(h).size(); w++) {
                for (int c = 0; c < image.get(h).get(w).size(); c++) {
                    x.putScalar(new long[] {0, h, w, c}, image.get(h).get(w).get(c).asDouble());
                }
            }
        }
        return x;
    }

    private static void assertMatchesNumpyLogits(INDArray output) throws Exception {
        double[] logits = output.toDoubleVector();
        JsonNode want = expected().get("logits");
        assertEquals(want.size(), logits.length, Arrays.toString(logits));
        for (int k = 0; k < logits.length; k++) {
            assertEquals(want.get(k).asDouble(), logits[k], 1e-5, "logit " + k + " of " + Arrays.toString(logits));
        }
    }

    private static JsonNode expected() throws Exception {
        return new ObjectMapper().readTree(resource("tiny_cnn_expected.json"));
    }

    @Test
    void doctorAcceptsTheKerasModel() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SaliencyAudit.run(new String[] {"doctor", "--model", resource("tiny_cnn.h5").getPath()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8) + o);
        assertTrue(o.contains("conv2d") && o.contains("dense") && o.contains("all layers supported"), o);
    }

    @Test
    void truncatedHdf5FileIsAUsageErrorNamingTheFile(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(resource("tiny_cnn.h5").toPath());
        Path truncated = dir.resolve("truncated.h5");
        Files.write(truncated, Arrays.copyOf(whole, 600)); // signature and superblock, objects cut off
        assertNotKeras(truncated);
    }

    @Test
    void hdf5SignatureFollowedByGarbageIsAUsageError(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, bytes, 0, 8);
        Path corrupt = dir.resolve("corrupt.bin"); // no .h5 name: the signature alone routes it to Keras
        Files.write(corrupt, bytes);
        assertNotKeras(corrupt);
    }

    @Test
    void randomBytesNamedH5AreAUsageError(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[4096];
        new Random(11).nextBytes(bytes);
        Path random = dir.resolve("random.h5");
        Files.write(random, bytes);
        UsageException e = assertNotKeras(random);
        assertTrue(e.getMessage().contains("no HDF5 signature"), e.getMessage());
    }

    @Test
    void weightsOnlyFileIsAUsageError() throws Exception {
        UsageException e = assertNotKeras(resource("weights_only.h5").toPath());
        assertTrue(e.getMessage().contains("no model_config"), e.getMessage());
    }

    @Test
    void unsupportedKerasLayerPassesOnTheImportersMessage() throws Exception {
        File f = resource("unsupported_layer.h5");
        UsageException e = assertThrows(UsageException.class, () -> ModelOptions.loadFile(f));
        assertTrue(e.getMessage().contains(f.getPath()) && e.getMessage().contains("cannot be imported by DL4J")
                && e.getMessage().contains("Resizing"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void corruptKerasFileOnTheCommandLineExitsWithTwoAndOneLine(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(resource("tiny_cnn.h5").toPath());
        Path truncated = dir.resolve("cut.h5");
        Files.write(truncated, Arrays.copyOf(whole, 600));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SaliencyAudit.run(new String[] {"doctor", "--model", truncated.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, e);
        assertTrue(e.contains("cut.h5") && e.strip().lines().count() == 1, e);
    }

    private static UsageException assertNotKeras(Path file) {
        UsageException e = assertThrows(UsageException.class, () -> ModelOptions.loadFile(file.toFile()));
        assertTrue(e.getMessage().contains("model file " + file + " is not a readable Keras HDF5 file: "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }
}
