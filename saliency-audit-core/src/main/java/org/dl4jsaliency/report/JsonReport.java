package org.dl4jsaliency.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The machine-readable report: every number of {@link AuditReport} except the heatmap figures, as
 * pretty-printed UTF-8 JSON. Field meanings: {@code docs/report-json.md}.
 */
public final class JsonReport {
    /** Bumped when a field changes meaning or goes away; new fields alone do not bump it. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Record components keep their declaration order; never let a Jackson default reorder them.
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addModule(new SimpleModule("finite-doubles")
                    .addSerializer(Double.class, new FiniteNumber<>())
                    .addSerializer(double.class, new FiniteNumber<>())
                    .addSerializer(Float.class, new FiniteNumber<>())
                    .addSerializer(float.class, new FiniteNumber<>())
                    .addSerializer(double[].class, new FiniteDoubleArray()))
            .build();

    private JsonReport() {
    }

    /** The report as JSON, led by {@code "format": FORMAT_VERSION}; non-finite numbers become null. */
    public static byte[] render(AuditReport report) {
        return renderDocument(report);
    }

    /**
     * Any other report document (a record tree) in the same way: led by {@code "format"}, non-finite
     * numbers as null, fields in declaration order.
     */
    public static byte[] renderDocument(Object document) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT_VERSION);
        root.setAll((ObjectNode) MAPPER.valueToTree(document));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render the JSON document", e);
        }
    }

    /*
     * Jackson writes NaN and ∞ as the strings "NaN"/"Infinity" (or, with that feature off, as bare tokens
     * that are not JSON); null is the only value every JSON reader accepts, and the documented meaning
     * of null ("nothing measured") is what a non-finite number is here.
     */
    private static final class FiniteNumber<T extends Number> extends JsonSerializer<T> {
        @Override
        public void serialize(T v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v instanceof Float f && Float.isFinite(f)) {
                g.writeNumber(f); // as written, not widened to 0.10000000149011612
            } else {
                writeFinite(v.doubleValue(), g);
            }
        }
    }

    private static final class FiniteDoubleArray extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] values, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartArray(values, values.length);
            for (double v : values) {
                writeFinite(v, g);
            }
            g.writeEndArray();
        }
    }

    private static void writeFinite(double v, JsonGenerator g) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }
}
