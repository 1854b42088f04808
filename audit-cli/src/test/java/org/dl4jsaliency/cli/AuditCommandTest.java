package org.dl4jsaliency.cli;

import org.dl4jsaliency.models.ZooModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dl4jsaliency.audit.AuditConfig;
import org.dl4jsaliency.reproduction.MarkedItemsTask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code audit} end to end on the demo model (the committed dark/white-square network, which provably
 * relies on the black square: the occlusion reference inside the checks confirms it), and its usage errors.
 */
class AuditCommandTest {
    private static final Path CONFIGS = Path.of("..", "zoo-configs").toAbsolutePath().normalize();

    @TempDir
    static Path shared;
    private static CliRun audit;
    private static Path reports;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] fast(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("audit", "--config", "default", "--method", "gradient",
                "--method", "gradient-x-input", "--probes", "2", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @BeforeAll
    static void runAudit() {
        reports = shared.resolve("reports");
        audit = run(fast(reports));
    }

    @Test
    void gradientTimesInputFailsTheZeroPointChecksWhereGradientPasses() throws Exception {
        assertEquals(1, audit.code(), audit.err());
        JsonNode json = new ObjectMapper().readTree(reports.resolve(AuditCommand.JSON).toFile());
        Map<String, JsonNode> byKey = new HashMap<>();
        json.get("results").forEach(r -> byKey.put(r.get("check").asText() + "[" + r.get("method").asText() + "]", r));
        for (String check : List.of("zero-point", "probe-sweep")) {
            JsonNode gxi = byKey.get(check + "[gradient-x-input]");
            JsonNode g = byKey.get(check + "[gradient]");
            assertEquals("FAIL", gxi.get("verdict").asText(), check);
            assertEquals(0.0, gxi.get("value").asDouble(), 0.0, check + ": x ⊙ g is exactly 0 on zero-point pixels");
            assertEquals("PASS", g.get("verdict").asText(), check);
            assertTrue(g.get("value").asDouble() > 0.5, check + " gradient " + g.get("value"));
        }
        assertEquals("FAIL", json.get("overall").asText());
        assertTrue(audit.out().contains("probe-sweep") && audit.out().contains("FAIL"), "summary printed");
    }

    @Test
    void theThreeReportsCarryTheSameNumbers() throws Exception {
        JsonNode json = new ObjectMapper().readTree(reports.resolve(AuditCommand.JSON).toFile());
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(reports.resolve(AuditCommand.JUNIT).toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        Map<String, Element> junit = new HashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            junit.put(e.getAttribute("name"), e);
        }
        String html = Files.readString(reports.resolve(AuditCommand.HTML));
        assertEquals(json.get("results").size(), cases.getLength());
        assertEquals(5 * 2, cases.getLength(), "five checks × two methods");
        for (JsonNode r : json.get("results")) {
            String key = r.get("check").asText() + "[" + r.get("method").asText() + "]";
            Element testcase = junit.get(key);
            assertNotNull(testcase, key);
            boolean failed = testcase.getElementsByTagName("failure").getLength() > 0;
            assertEquals(r.get("verdict").asText().equals("FAIL"), failed, key);
            if (!r.get("value").isNull()) {
                String shown = org.dl4jsaliency.report.ReportTextAccess.number(r.get("value").asDouble());
                assertTrue(html.contains(shown), key + " value " + shown + " in the HTML");
            }
        }
        assertTrue(html.contains(json.get("run").get("modelSha256").asText()), "model hash in the HTML header");
        try (Stream<Path> files = Files.list(reports)) {
            assertEquals(List.of(AuditCommand.JUNIT, AuditCommand.HTML, AuditCommand.JSON),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
    }

    @Test
    void warnOnlyReportsTheFailureButExitsZero(@TempDir Path out) throws Exception {
        CliRun r = run(fast(out, "--warn-only", "--check", "zero-point"));
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve(AuditCommand.JSON).toFile());
        assertEquals("FAIL", json.get("overall").asText());
        assertTrue(json.get("warnOnly").asBoolean());
    }

    @Test
    void theReportsRecordThePrecisionTheMapsWereComputedIn(@TempDir Path dir) throws Exception {
        JsonNode byDefault = new ObjectMapper().readTree(reports.resolve(AuditCommand.JSON).toFile()).get("run");
        assertEquals("float", byDefault.get("modelPrecision").asText(), "the demo model is float");
        assertEquals("float", byDefault.get("precision").asText());
        assertEquals("model", byDefault.get("configuration").get("precision").asText());

        Path out = dir.resolve("double");
        CliRun r = run(fast(out, "--precision", "double"));
        assertEquals(1, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve(AuditCommand.JSON).toFile());
        JsonNode run = json.get("run");
        assertEquals("double", run.get("precision").asText());
        assertEquals("float", run.get("modelPrecision").asText());
        assertEquals("double", run.get("configuration").get("precision").asText());
        // Every check (the re-encoded and randomised copies too) runs in double and reaches the same verdicts.
        JsonNode inFloat = new ObjectMapper().readTree(reports.resolve(AuditCommand.JSON).toFile()).get("results");
        assertEquals(inFloat.size(), json.get("results").size());
        for (int i = 0; i < inFloat.size(); i++) {
            JsonNode result = json.get("results").get(i);
            String key = result.get("check").asText() + "[" + result.get("method").asText() + "]";
            assertEquals(inFloat.get(i).get("check").asText() + "[" + inFloat.get(i).get("method").asText() + "]", key);
            assertEquals(inFloat.get(i).get("verdict").asText(), result.get("verdict").asText(), key);
        }
        String html = Files.readString(out.resolve(AuditCommand.HTML));
        assertTrue(html.contains("<dt>Precision</dt><dd>double <span class=\"muted\">(on a converted copy; the model "
                + "is float)</span></dd>"), "precision in the HTML header");
        assertTrue(Files.readString(out.resolve(AuditCommand.JUNIT)).contains("name=\"precision\" value=\"double\""),
                "precision among the JUnit properties");

        Path none = dir.resolve("none");
        assertUsageError(run(fast(none, "--precision", "half")), none, "--precision", "'half'");
        Path config = dir.resolve("half.json");
        Files.writeString(config, Files.readString(CONFIGS.resolve("default.json"))
                .replaceFirst("\"seed\": 1", "\"precision\": \"half\", \"seed\": 1"));
        assertUsageError(run("audit", "--config", config.toString(), "--out", none.toString()), none,
                "field 'precision'", "half.json");
    }

    @Test
    void userImagesGetPerImageMetrics(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        writeSquareImage(images.resolve("black-square.png"), 0);
        writeSquareImage(images.resolve("white-square.png"), 255);
        Path out = dir.resolve("out");
        CliRun r = run(fast(out, "--images", images.toString(), "--check", "zero-point", "--check",
                "intensity-correlation"));
        assertEquals(1, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve(AuditCommand.JSON).toFile());
        for (JsonNode result : json.get("results")) {
            JsonNode c = result.get("components");
            assertTrue(c.has("black-square.png"), result.toString());
            if (result.get("check").asText().equals("zero-point")) {
                // only the black square sits at the zero point; x ⊙ g gives it exactly nothing
                assertFalse(c.has("white-square.png"), result.toString());
                double v = c.get("black-square.png").asDouble();
                assertEquals(result.get("method").asText().equals("gradient-x-input"), v == 0.0, result.toString());
            } else {
                assertTrue(c.has("white-square.png"), result.toString());
            }
        }
        assertTrue(Files.readString(out.resolve(AuditCommand.HTML)).contains("black-square.png"));
    }

    @Test
    void verdictTableStaysAlignedForLongMethodSpecs(@TempDir Path dir) {
        String longSpec = "nobias-rectgrad:q=90.000001";
        CliRun r = run("audit", "--config", "default", "--method", "gradient", "--method", longSpec, "--check",
                "zero-point", "--probes", "2", "--out", dir.resolve("out").toString(), "--warn-only");
        assertEquals(0, r.code(), r.err());
        List<String> lines = List.of(r.out().split("\n"));
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("method \\ check")).findFirst()
                .orElseThrow());
        int column = lines.get(header).indexOf("zero-point");
        for (String row : List.of(lines.get(header + 1), lines.get(header + 2))) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(" (PASS|WARN|FAIL|NOT_APPLICABLE) ").matcher(row);
            assertTrue(m.find(), row);
            assertEquals(column, m.start() + 1, "verdict under its check's heading: '" + row + "'");
        }
        assertTrue(lines.get(header + 2).startsWith(longSpec + " "), lines.get(header + 2));
    }

    @Test
    void resnet50ProbeSweepWithOneProbeReachesAVerdict(@TempDir Path dir) throws Exception {
        // Ended in a NullPointerException from a released map (ResNet50 opens with zero padding).
        Path out = dir.resolve("out");
        CliRun r = run("audit", "--config", "resnet50", "--check", "probe-sweep", "--probes", "1", "--out",
                out.toString(), "--warn-only");
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.code() == 0 || r.err().contains("nothing was measured"), r.out() + r.err());
        assertTrue(Files.isRegularFile(out.resolve("audit.json")), "reports written");
    }

    @Test
    void theDefaultNineMethodReportOpensWithItsSummaryAndFitsAt1400Pixels(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.dl4jsaliency.report.BrowserCheck.available(),
                "no Chromium");
        Path out = dir.resolve("out");
        CliRun r = run("audit", "--out", out.toString(), "--warn-only");
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve("audit.html"));
        assertTrue(html.indexOf("id=\"summary\"") < html.indexOf("id=\"checks\""), "the summary comes first");
        org.dl4jsaliency.report.BrowserCheck.Result b = org.dl4jsaliency.report.BrowserCheck.run(
                out.resolve("audit.html"), dir.resolve("shot.png"));
        assertEquals(0, b.code(), b.output());
        assertTrue(b.output().contains("nothing scrolls sideways or is cut off at 1400 px; summary: yes"), b.output());
    }

    @Test
    void everyShippedConfigurationIsValid() throws Exception {
        try (Stream<Path> files = Files.list(CONFIGS)) {
            List<Path> configs = files.filter(p -> p.toString().endsWith(".json")).toList();
            // one per zoo model, the default, and one per reproduction model (MarkedItemsTask variants)
            assertEquals(ZooModels.NAMES.size() + 1 + MarkedItemsTask.Variant.values().length, configs.size(),
                    configs.toString());
            for (Path p : configs) {
                AuditConfig c = AuditConfig.read(p);
                c.validate();
                assertTrue(c.model.zoo == null || ZooModels.NAMES.contains(c.model.zoo), p.toString());
                assertTrue(c.model.file == null || Files.isRegularFile(c.resolve(c.model.file)), p.toString());
            }
        }
    }

    private static void assertUsageError(CliRun r, Path out, String... fragments) throws Exception {
        assertEquals(2, r.code(), r.out() + r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + r.err());
        for (String f : fragments) {
            assertTrue(lines[0].contains(f), "'" + f + "' in: " + lines[0]);
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertFalse(files.findAny().isPresent(), "nothing written to " + out);
            }
        }
    }

    @Test
    void missingAndCorruptModelFilesAreUsageErrors(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        assertUsageError(run(fast(out, "--model", dir.resolve("absent.zip").toString())), out, "model file not found",
                "absent.zip");
        Path corrupt = dir.resolve("corrupt.zip");
        Files.write(corrupt, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        assertUsageError(run(fast(out, "--model", corrupt.toString())), out, "corrupt.zip");
    }

    @Test
    void labelledImagesAreAuditedForTheirClassFoldersWithTargetLabel(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("labelled");
        writeSquareImage(Files.createDirectories(images.resolve("1")).resolve("black-square.png"), 0);
        writeSquareImage(Files.createDirectories(images.resolve("2")).resolve("white-square.png"), 255);
        Path out = dir.resolve("out");
        CliRun r = run(fast(out, "--images", images.toString(), "--labels", "--target", "label", "--check",
                "zero-point"));
        assertEquals(1, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve(AuditCommand.JSON).toFile());
        assertTrue(json.toString().contains("\"explainLabels\":true"), "the report records the choice");
        for (JsonNode result : json.get("results")) {
            assertTrue(result.get("components").has("1/black-square.png"), result.toString());
        }
        Path out2 = dir.resolve("out2");
        assertUsageError(run(fast(out2, "--images", images.toString(), "--target", "label")), out2,
                "explainLabels", "--labels");
    }

    @Test
    void unreadableImageIsAUsageError(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("broken.png"), new byte[] {1, 2, 3, 4, 5});
        Path out = dir.resolve("out");
        assertUsageError(run(fast(out, "--images", images.toString())), out, "broken.png");
    }

    @Test
    void inputShapeThatDoesNotFitIsAUsageError(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        assertUsageError(run(fast(out, "--input-shape", "3,16,16")), out, "does not fit the model");
    }

    @Test
    void unknownMethodOrCheckIsAUsageError(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        CliRun method = run("audit", "--method", "no-such-method", "--out", out.toString());
        assertUsageError(method, out, "--method no-such-method", "methods are [");
        assertFalse(method.err().contains("configuration"), "the flag is to blame, not the file: " + method.err());
        assertUsageError(run(fast(out, "--check", "no-such-check")), out, "no-such-check");
    }

    @Test
    void invalidConfigurationFieldsAreNamedWithTheirFile(@TempDir Path dir) throws Exception {
        String text = Files.readString(CONFIGS.resolve("default.json"));
        Path out = dir.resolve("out");
        Path badValue = dir.resolve("bad-value.json");
        Files.writeString(badValue, text.replaceFirst("\"warn\": 0.1", "\"warn\": \"lots\""));
        assertUsageError(run("audit", "--config", badValue.toString(), "--out", out.toString()), out,
                "checks.zero-point.warn", "bad-value.json");
        Path wrongSide = dir.resolve("wrong-side.json");
        Files.writeString(wrongSide, text.replaceFirst("\"warn\": 0.1", "\"warn\": 0.001"));
        assertUsageError(run("audit", "--config", wrongSide.toString(), "--method", "gradient", "--out",
                out.toString()), out, "checks.zero-point", "wrong-side.json");
        Path unknown = dir.resolve("unknown-field.json");
        Files.writeString(unknown, text.replaceFirst("\"seed\": 1", "\"sede\": 1"));
        assertUsageError(run("audit", "--config", unknown.toString(), "--out", out.toString()), out, "sede",
                "unknown-field.json");
        Path unknownCheck = dir.resolve("unknown-check.json");
        Files.writeString(unknownCheck, text.replaceFirst("\"zero-point\"", "\"zero-pint\""));
        assertUsageError(run("audit", "--config", unknownCheck.toString(), "--out", out.toString()), out,
                "checks.zero-pint", "unknown-check.json");
        Path fractionalSeed = dir.resolve("fractional-seed.json");
        Files.writeString(fractionalSeed, text.replaceFirst("\"seed\": 1", "\"seed\": 1.5"));
        assertUsageError(run("audit", "--config", fractionalSeed.toString(), "--out", out.toString()), out,
                "invalid value for field 'seed'", "fractional-seed.json");
    }

    @Test
    void unwritableOutputFolderIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertUsageError(run(fast(file.resolve("out"))), file.resolve("out"), "output folder not writable");
        assertUsageError(run(fast(file)), file, "output folder", "is a file, not a folder");
    }

    /** A 16×16 grey image (128) with a 4×4 square of {@code square} at rows 5–8, columns 6–9. */
    private static void writeSquareImage(Path file, int square) throws java.io.IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(16, 16,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                img.getRaster().setSample(x, y, 0, x >= 6 && x < 10 && y >= 5 && y < 9 ? square : 128);
            }
        }
        javax.imageio.ImageIO.write(img, "png", file.toFile());
    }
}
