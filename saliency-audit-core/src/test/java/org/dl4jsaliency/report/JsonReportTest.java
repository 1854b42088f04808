package org.dl4jsaliency.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON report parses back with every result, in a fixed field order, with NaN as null. */
class JsonReportTest {
    private final AuditReport report = SampleReports.sample();
    private final JsonNode json = parse(JsonReport.render(report));

    private static JsonNode parse(byte[] bytes) {
        try {
            return new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError("the JSON report does not parse", e);
        }
    }

    @Test
    void everyResultComesBackWithItsValueAndVerdict() {
        JsonNode results = json.get("results");
        assertEquals(report.results().size(), results.size());
        for (int i = 0; i < results.size(); i++) {
            CheckResult r = report.results().get(i);
            JsonNode n = results.get(i);
            assertEquals(r.check(), n.get("check").asText());
            assertEquals(r.method(), n.get("method").asText());
            assertEquals(r.verdict().name(), n.get("verdict").asText());
            if (r.value() == null) {
                assertTrue(n.get("value").isNull(), n.toString());
            } else {
                assertEquals(r.value(), n.get("value").asDouble(), 0.0);
            }
            assertEquals(r.threshold().fail(), n.get("threshold").get("fail").asDouble(), 0.0);
        }
        assertEquals("FAIL", json.get("overall").asText());
        assertTrue(json.get("warnOnly").asBoolean());
        assertEquals(SampleReports.EVIL_MODEL, json.get("run").get("model").asText());
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        JsonNode components = json.get("results").get(0).get("components");
        assertEquals(0.8, components.get("image-0").asDouble(), 0.0);
        assertTrue(components.get("image-1").isNull(), components.toString());
        JsonNode y = json.get("plots").get(0).get("series").get(1).get("y");
        assertTrue(y.get(2).isNull(), y.toString());
        assertEquals(0.5, y.get(3).asDouble(), 0.0);
        assertTrue(json.get("plots").get(0).get("series").get(1).get("spread").isNull());
    }

    @Test
    void fieldsComeInDeclarationOrderAndFiguresStayOut() {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("format", "run", "methods", "checks", "results", "plots", "overall", "warnOnly"), names);
        List<String> result = new ArrayList<>();
        json.get("results").get(0).fieldNames().forEachRemaining(result::add);
        assertEquals(List.of("check", "method", "value", "verdict", "threshold", "detail", "components"), result);
        assertFalse(json.has("figures"));
        assertEquals(JsonReport.FORMAT_VERSION, json.get("format").asInt());
    }
}
