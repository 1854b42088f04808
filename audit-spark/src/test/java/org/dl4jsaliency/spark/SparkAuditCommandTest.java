package org.dl4jsaliency.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dl4jsaliency.audit.AuditConfig;
import org.dl4jsaliency.audit.AuditResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code spark-audit} at local[2] on tiny images: the dataset checks, their reports and their exit code. */
class SparkAuditCommandTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CONFIG = ROOT.resolve("zoo-configs/default.json");
    private static final Path MODEL = ROOT.resolve("zoo-configs/models/dark-square.zip");
    private static final List<String> METHODS = List.of("gradient", "gradient-x-input");

    @TempDir
    Path tmp;

    @Test
    void theDatasetChecksAverageEveryImageExactlyAndFailTheInputMultipliedMethod() throws IOException {
        Path images = tmp.resolve("images");
        TestImages.write(images, 6, 13);
        Files.writeString(images.resolve("broken.png"), "not a PNG");
        Path out = tmp.resolve("audit");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SparkCommands.run(new String[] {"spark-audit", "--images", images.toUri().toString(), "--out",
                out.toString(), "--explanations", tmp.resolve("rows").toUri().toString(), "--config", CONFIG.toString(), "--method", METHODS.get(0), "--method", METHODS.get(1),
                "--batch", "2", "--partitions", "3", "--master", "local[2,2]"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(1, exit, "gradient-x-input is 0 on zero-point pixels: a FAIL; stderr: " + stderr);
        assertTrue(Files.exists(tmp.resolve("rows").resolve(ParquetOutput.SUCCESS)));
        assertFalse(Files.exists(out.resolve(SparkCommands.EXPLANATIONS)));
        assertTrue(Files.exists(out.resolve(AuditResult.HTML)));
        assertTrue(Files.exists(out.resolve(AuditResult.JUNIT)));

        // Six readable images (the single-JVM path: one batch, a fresh Explainer) and one error row per method.
        Files.delete(images.resolve("broken.png"));
        ExplainSettings settings = ExplainSettings.of(AuditConfig.read(CONFIG), 2, false).withMethods(METHODS);
        Map<String, SingleJvmExplanations.Explanation> expected = SingleJvmExplanations.of(images, MODEL, settings);
        JsonNode json = new ObjectMapper().readTree(out.resolve(AuditResult.JSON).toFile());
        assertEquals("FAIL", json.get("overall").asText());
        assertEquals(List.of("zero-point", "intensity-correlation"),
                new ObjectMapper().convertValue(json.get("checks"), List.class));
        assertEquals(4, json.get("results").size());
        for (JsonNode r : json.get("results")) {
            String method = r.get("method").asText();
            boolean zeroPoint = r.get("check").asText().equals("zero-point");
            List<Map.Entry<String, Double>> values = new ArrayList<>();
            ExactSum sum = new ExactSum();
            expected.forEach((key, e) -> {
                if (key.endsWith(" " + method)) {
                    double v = zeroPoint ? e.zeroPointMass() : e.intensityCorrelation();
                    if (!Double.isNaN(v)) {
                        values.add(Map.entry(key.substring(0, key.indexOf(' ')), v));
                        sum.add(v);
                    }
                }
            });
            String what = r.get("check").asText() + " " + method;
            assertTrue(sum.count() > 0, what);
            assertEquals(sum.mean(), r.get("value").asDouble(), what);
            JsonNode c = r.get("components");
            assertEquals(sum.count(), c.get("images").asLong(), what);
            assertEquals(1, c.get("error rows").asLong(), what);
            double[] sorted = values.stream().mapToDouble(Map.Entry::getValue).sorted().toArray();
            assertEquals(quantile(sorted, 0.5), c.get("q50").asDouble(), what);
            assertEquals(quantile(sorted, 0.95), c.get("q95").asDouble(), what);
            // The worst image: the lowest zero-point mass, the highest correlation.
            values.sort(Comparator.comparing(Map.Entry::getValue));
            Map.Entry<String, Double> worst = zeroPoint ? values.get(0) : values.get(values.size() - 1);
            assertTrue(firstWorst(c).endsWith("/" + worst.getKey()), what + ": " + firstWorst(c));
        }
        JsonNode gxi = null;
        for (JsonNode r : json.get("results")) {
            if (r.get("check").asText().equals("zero-point") && r.get("method").asText().equals("gradient-x-input")) {
                gxi = r;
            }
        }
        assertEquals("FAIL", gxi.get("verdict").asText());
        assertEquals(0.0, gxi.get("value").asDouble());
    }

    private static String firstWorst(JsonNode components) {
        for (var it = components.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.startsWith("worst ")) {
                return name;
            }
        }
        throw new AssertionError("no worst image listed in " + components);
    }

    /** Linear interpolation at p·(n − 1), as Spark's percentile. */
    private static double quantile(double[] sorted, double p) {
        double at = p * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = (int) Math.ceil(at);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    @Test
    void anInputShapeWithoutThreeNumbersIsAnErrorNamingTheFlagBeforeSparkStarts() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SparkCommands.run(new String[] {"spark-explain", "--images", tmp.toUri().toString(), "--out",
                tmp.resolve("rows").toString(), "--model", MODEL.toString(), "--input-shape", "1,16"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("--input-shape: needs channels, height, width, "
                + "got [1, 16]"), stderr.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(tmp.resolve("rows")));
    }
}
