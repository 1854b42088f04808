package org.dl4jsaliency.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsaliency.report.AuditReport;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Threshold;
import org.dl4jsaliency.report.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit as a Java API on the demo model (grey noise holding a black square, a white square or
 * nothing): it measures what the command line measures, gates with a message that names each failure,
 * and rejects bad settings by name.
 */
class BiasAuditTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static MultiLayerNetwork demo;
    private static AuditResult gradientAndNoBias;

    @BeforeAll
    static void audit() throws Exception {
        demo = ModelSerializer.restoreMultiLayerNetwork(ROOT.resolve("zoo-configs/models/dark-square.zip").toFile());
        gradientAndNoBias = BiasAudit.builder(demo).inputShape(1, 16, 16).range(0, 1)
                .methods("gradient", "nobias-rectgrad:q=90").seed(1).build().run();
    }

    /** The committed sample report is the CLI's audit of the same model with zoo-configs/default.json (seed 1). */
    @Test
    void theApiMeasuresExactlyWhatTheCommandLineMeasured() throws Exception {
        JsonNode sample = new ObjectMapper().readTree(ROOT.resolve("reports/sample/audit.json").toFile());
        int compared = 0;
        for (JsonNode r : sample.get("results")) {
            String method = r.get("method").asText();
            if (!method.equals("gradient") && !method.equals("nobias-rectgrad:q=90")) {
                continue;
            }
            CheckResult ours = gradientAndNoBias.result(method, r.get("check").asText()).orElseThrow();
            assertEquals(r.get("verdict").asText(), ours.verdict().name(), method + " × " + ours.check());
            assertEquals(r.get("value").asDouble(), ours.value(), 1e-12, method + " × " + ours.check());
            compared++;
        }
        assertEquals(10, compared);
    }

    @Test
    void aGateOnTheBiasFreeMethodsPassesAndWritesTheThreeReports(@TempDir Path dir) throws Exception {
        AuditAssertions.assertNoFailures(gradientAndNoBias);
        assertTrue(gradientAndNoBias.failures().isEmpty());
        gradientAndNoBias.writeReports(dir.resolve("reports"));
        for (String f : List.of(AuditResult.HTML, AuditResult.JSON, AuditResult.JUNIT)) {
            assertTrue(Files.size(dir.resolve("reports").resolve(f)) > 0, f);
        }
        try (var files = Files.list(dir.resolve("reports"))) {
            assertEquals(3, files.count(), "no temporary files are left behind");
        }
    }

    @Test
    void aGateOnAnInputMultipliedMethodFailsListingEachFailureWithItsNumberAndThresholds() {
        AuditResult r = BiasAudit.builder(demo).inputShape(1, 16, 16).methods("gradient-x-input")
                .check("zero-point", 0.1, 0.01).check("re-encoding", 0.1, 0.3).seed(1).build().run();
        AssertionError e = assertThrows(AssertionError.class, () -> AuditAssertions.assertNoFailures(r));
        assertEquals(List.of("zero-point", "re-encoding"), r.checks());
        assertEquals(2, r.failures().size(), e.getMessage());
        // x ⊙ g is exactly 0 at the zero point: the zero-point check's number is 0 by an identity.
        assertEquals(0.0, r.result("gradient-x-input", "zero-point").orElseThrow().value(), 0.0);
        assertTrue(e.getMessage().contains("failed 2 checks"), e.getMessage());
        assertTrue(e.getMessage().contains("gradient-x-input × zero-point = 0.000 (fails below 0.01000, warns below 0.1000)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("gradient-x-input × re-encoding = "), e.getMessage());
        assertTrue(e.getMessage().contains("(fails above 0.3000, warns above 0.1000)"), e.getMessage());
    }

    @Test
    void anAuditThatMeasuredNothingIsNotAPass() {
        CheckResult unmeasured = new CheckResult("zero-point", "gradient", null, Verdict.NOT_APPLICABLE,
                new Threshold(true, 0.1, 0.01), "no pixel at the zero point", Map.of());
        AuditReport report = new AuditReport(gradientAndNoBias.report().run(), List.of("gradient"),
                List.of("zero-point"), List.of(unmeasured), List.of(), List.of(),
                AuditReport.overall(List.of(unmeasured)), false);
        AssertionError e = assertThrows(AssertionError.class,
                () -> AuditAssertions.assertNoFailures(new AuditResult(report)));
        assertTrue(e.getMessage().contains(AuditReport.NOTHING_MEASURED), e.getMessage());
    }

    @Test
    void badSettingsAreRejectedNamingTheSetting() {
        Model m = demo;
        assertMessage("model.inputShape", () -> BiasAudit.builder(m).inputShape(1, 0, 16).build());
        assertMessage("checks.no-such-check", () -> BiasAudit.builder(m).check("no-such-check", 1, 2).build());
        assertMessage("checks.zero-point", () -> BiasAudit.builder(m).check("zero-point", 0.01, 0.1).build());
        assertMessage("methods", () -> BiasAudit.builder(m).methods().build());
        assertMessage("preprocessing.std", () -> BiasAudit.builder(m).meanStd(new double[] {0.5}, new double[] {0},
                1).build());
        assertMessage("name", () -> BiasAudit.builder(m).name("my audit").build());
        assertMessage("images", () -> BiasAudit.builder(m).images(org.nd4j.linalg.factory.Nd4j.zeros(2, 1, 16, 16),
                List.of("one")).build());
        assertThrows(IllegalArgumentException.class, () -> BiasAudit.builder(null));
    }

    @Test
    void theModelIsNotModified() throws Exception {
        MultiLayerNetwork fresh = ModelSerializer.restoreMultiLayerNetwork(
                new File(ROOT.resolve("zoo-configs/models/dark-square.zip").toString()));
        assertArrayEquals(fresh.params().toFloatVector(), demo.params().toFloatVector(), 0f);
    }

    private static void assertMessage(String setting, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(setting), "message names '" + setting + "': " + e.getMessage());
    }
}
