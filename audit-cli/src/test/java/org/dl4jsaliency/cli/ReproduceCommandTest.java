package org.dl4jsaliency.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsaliency.report.BrowserCheck;
import org.dl4jsaliency.reproduction.FashionMnist;
import org.dl4jsaliency.reproduction.MarkedItemsTask;
import org.dl4jsaliency.reproduction.Reproduction;
import org.dl4jsaliency.reproduction.ThresholdSweep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code reproduce} end to end at a tiny size (600 training examples, 1 epoch, 6 images), and
 * {@code train-fashion}: every file is written, the reports agree with each other and with the
 * per-image numbers, the training listener's file matches its records, and bad input writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproduceCommandTest {
    private static final int EXAMPLES = 600;
    private static final int EVERY = 5;
    private static final int IMAGES = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private Path out;
    private CliRun run;
    private JsonNode results;

    @BeforeAll
    void reproduce() throws Exception {
        out = dir.resolve("repro");
        run = CliRun.of("reproduce", "--out", out.toString(), "--examples", "" + EXAMPLES, "--epochs", "1",
                "--images", "" + IMAGES, "--monitor-every", "" + EVERY, "--monitor-probes", "4", "--figure-images", "2");
        assertEquals(0, run.code(), run.out() + run.err());
        results = JSON.readTree(out.resolve("results.json").toFile());
    }

    @Test
    void writesEveryFileAndNoTemporaries() throws Exception {
        for (String f : List.of("index.html", "summary.md", "results.json", "training-dark-bright.jsonl",
                "training-midgray.jsonl", "training-dense-head.jsonl", "models/fashion-dark-bright.zip",
                "models/fashion-midgray.zip", "models/fashion-dense-head.zip")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> hidden = files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            assertEquals(List.of(), hidden);
        }
        for (String variant : List.of("dark-bright", "midgray", "dense-head")) {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                    out.resolve("models/fashion-" + variant + ".zip").toFile());
            assertEquals(MarkedItemsTask.CLASSES, net.layerSize(net.getnLayers() - 1), variant);
        }
    }

    @Test
    void summariesAgreeWithThePerImageNumbers() throws Exception {
        String md = Files.readString(out.resolve("summary.md"));
        JsonNode experiments = results.get("experiments");
        assertEquals(6, experiments.size());
        for (JsonNode e : experiments) {
            assertEquals(Reproduction.METHODS.size(), e.get("methods").size());
            for (JsonNode m : e.get("methods")) {
                JsonNode perImage = m.get("perImage");
                assertEquals(IMAGES, perImage.size());
                double sum = 0;
                for (JsonNode v : perImage) {
                    sum += v.asDouble();
                }
                double mean = m.get("share").get("mean").asDouble();
                assertEquals(sum / IMAGES, mean, 1e-12, e.get("id") + " " + m.get("method"));
                String row = String.format(Locale.ROOT, "| %s | %.3f |", m.get("method").asText(), mean);
                assertTrue(md.contains(row), "summary.md lacks " + row);
            }
        }
        // x ⊙ g is exactly zero on pixels at the zero point: every dark-evidence share is exactly 0
        JsonNode dark = experiments.get(0);
        assertEquals("dark-evidence", dark.get("id").asText());
        for (JsonNode m : dark.get("methods")) {
            if (m.get("method").asText().equals("gradient-x-input")) {
                m.get("perImage").forEach(v -> assertEquals(0.0, v.asDouble(), 0.0));
            }
        }
        JsonNode sweeps = results.get("sweep");
        assertEquals(2, sweeps.size());
        for (JsonNode sweep : sweeps) {
            assertEquals(ThresholdSweep.Q.length, sweep.get("rows").size());
            // τ = 0 against itself: the explanation is deterministic, so every map repeats exactly
            JsonNode tauZero = sweep.get("tauZero");
            assertEquals("tau=0", tauZero.get("setting").asText());
            assertEquals(IMAGES, tauZero.get("sameAsTauZeroDark").asInt());
            assertEquals(IMAGES, tauZero.get("sameAsTauZeroBright").asInt());
            JsonNode distinct = sweep.get("distinct").get("nobiasDark");
            assertTrue(distinct.get("min").asInt() >= 1 && distinct.get("max").asInt() <= ThresholdSweep.Q.length,
                    distinct.toString());
            assertTrue(md.contains("| distinct maps over the " + ThresholdSweep.Q.length + " q | "), "summary.md");
        }
        assertTrue(md.contains("dense head — the paper's claim"), "summary.md checks the claim on the dense head");
        assertEquals(3, results.get("reEncoding").get("encodings").size());
    }

    @Test
    void trainingMonitorFileMatchesItsRecords() throws Exception {
        int iterations = (EXAMPLES + 31) / 32;
        int evaluations = iterations / EVERY;
        for (JsonNode model : results.get("models")) {
            List<String> lines = Files.readAllLines(out.resolve("training-" + model.get("variant").asText() + ".jsonl"));
            JsonNode monitor = model.get("monitor");
            assertEquals(evaluations * Reproduction.MONITORED.size(), lines.size());
            assertEquals(lines.size(), monitor.size());
            for (int i = 0; i < lines.size(); i++) {
                JsonNode line = JSON.readTree(lines.get(i));
                assertEquals(monitor.get(i).get("iteration").asInt(), line.get("iteration").asInt());
                assertEquals(monitor.get(i).get("method").asText(), line.get("method").asText());
                assertEquals(monitor.get(i).get("mean").asDouble(), line.get("regionShare").asDouble(), 0.0);
                assertEquals((i / Reproduction.MONITORED.size() + 1) * EVERY - 1, line.get("iteration").asInt());
            }
        }
    }

    @Test
    void htmlRendersInABrowser() throws Exception {
        assumeTrue(BrowserCheck.available(), "no Chromium at " + BrowserCheck.CHROMIUM);
        BrowserCheck.Result r = BrowserCheck.run(out.resolve("index.html"), dir.resolve("shot.png"));
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("none broken, no script errors"), r.output());
    }

    /** train-fashion writes what training without any listener gives: the monitor does not disturb training. */
    @Test
    void trainFashionWritesTheUndisturbedModel() throws Exception {
        Path models = dir.resolve("models");
        CliRun t = CliRun.of("train-fashion", "--variant", "midgray", "--examples", "300", "--epochs", "1", "--out",
                models.toString());
        assertEquals(0, t.code(), t.out() + t.err());
        MultiLayerNetwork written = ModelSerializer.restoreMultiLayerNetwork(
                models.resolve("fashion-midgray.zip").toFile());
        // the seeds Reproduction documents: train-seed + 100 × variant index, examples from seed + 1
        MarkedItemsTask task = new MarkedItemsTask(MarkedItemsTask.Variant.MIDGRAY);
        FashionMnist.Items train = FashionMnist.read(FashionMnist.DEBIAN_DIR, FashionMnist.Split.TRAIN, 300);
        MultiLayerNetwork plain = task.train(task.examples(train, 0, 300, 108, -1), 1, 107);
        assertArrayEquals(plain.params().toFloatVector(), written.params().toFloatVector());
    }

    @Test
    void missingDataSaysHowToInstallItAndWritesNothing() {
        Path target = dir.resolve("never");
        CliRun r = CliRun.of("reproduce", "--data", dir.resolve("nothing-here").toString(), "--out", target.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("apt-get install dataset-fashion-mnist"), r.err());
        assertFalse(Files.exists(target));
        CliRun t = CliRun.of("train-fashion", "--data", dir.resolve("nothing-here").toString(), "--out",
                target.toString());
        assertEquals(2, t.code());
        assertTrue(t.err().contains("dataset-fashion-mnist"), t.err());
        assertFalse(Files.exists(target));
    }

    @Test
    void badNumbersAreNamed() {
        CliRun zero = CliRun.of("reproduce", "--images", "0", "--out", dir.resolve("x").toString());
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--images"), zero.err());
        CliRun figures = CliRun.of("reproduce", "--images", "3", "--figure-images", "4", "--out",
                dir.resolve("y").toString());
        assertEquals(2, figures.code());
        assertTrue(figures.err().contains("figure images 4"), figures.err());
        CliRun variant = CliRun.of("train-fashion", "--variant", "grey", "--out", dir.resolve("z").toString());
        assertEquals(2, variant.code());
        assertTrue(variant.err().contains("unknown task variant 'grey'"), variant.err());
        assertFalse(Files.exists(dir.resolve("x")) || Files.exists(dir.resolve("y")) || Files.exists(dir.resolve("z")));
    }
}
