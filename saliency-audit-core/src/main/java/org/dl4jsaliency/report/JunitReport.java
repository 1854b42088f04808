package org.dl4jsaliency.report;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report as JUnit XML, so that CI systems show each (check, method) as a test case: FAIL is a
 * {@code <failure>}, NOT_APPLICABLE is {@code <skipped>}, WARN and PASS pass with their value in
 * {@code <system-out>}. A FAIL stays a failure under warn-only: the file records what was measured, and
 * warn-only changes only the exit code (it is recorded as a property). An audit that measured nothing
 * (every result NOT_APPLICABLE) gets one more test case with an {@code <error>}, so that a CI system
 * never shows it as green.
 */
public final class JunitReport {
    private static final String SUITE = "saliency-audit";

    private JunitReport() {
    }

    /** The report as UTF-8 JUnit XML (one {@code <testsuite>} in a {@code <testsuites>}). */
    public static byte[] render(AuditReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            // The JDK's own writer, not whatever StAX implementation happens to be on the classpath.
            XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(bytes, "UTF-8");
            write(report, new Xml(w));
            w.close();
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("cannot render the JUnit report", e));
        }
        return bytes.toByteArray();
    }

    private static void write(AuditReport report, Xml x) throws XMLStreamException {
        boolean nothingMeasured = report.overall() == Verdict.NOT_APPLICABLE;
        int errors = nothingMeasured ? 1 : 0;
        int tests = report.results().size() + errors;
        long failures = report.results().stream().filter(r -> r.verdict() == Verdict.FAIL).count();
        long skipped = report.results().stream().filter(r -> r.verdict() == Verdict.NOT_APPLICABLE).count();
        String time = String.format(Locale.ROOT, "%.3f", report.run().durationSeconds());

        x.w.writeStartDocument("UTF-8", "1.0");
        x.newline(0);
        x.w.writeStartElement("testsuites");
        x.attrs("name", SUITE, "tests", tests, "failures", failures, "errors", errors, "skipped", skipped, "time", time);
        x.newline(1);
        x.w.writeStartElement("testsuite");
        x.attrs("name", SUITE, "tests", tests, "failures", failures, "errors", errors, "skipped", skipped, "time", time);
        if (report.run().startedAt() != null) {
            x.attrs("timestamp", report.run().startedAt());
        }
        x.newline(2);
        x.w.writeStartElement("properties");
        property(x, "warnOnly", String.valueOf(report.warnOnly()));
        property(x, "overall", report.overall() == null ? "" : report.overall().name());
        property(x, "model", report.run().model());
        property(x, "sha256", report.run().modelSha256());
        property(x, "precision", report.run().precision());
        property(x, "seed", String.valueOf(report.run().seed()));
        property(x, "config", report.run().configSource());
        x.newline(2);
        x.w.writeEndElement();

        for (CheckResult r : report.results()) {
            x.newline(2);
            x.w.writeStartElement("testcase");
            x.attrs("name", r.check() + "[" + r.method() + "]", "classname", SUITE + "." + r.check(), "time", "0");
            x.newline(3);
            switch (r.verdict()) {
                case FAIL -> {
                    x.w.writeStartElement("failure");
                    x.attrs("message", "FAIL: " + r.check() + " = " + ReportText.number(r.value()) + " for "
                            + r.method() + " (" + ReportText.threshold(r.threshold()) + ")", "type", "threshold");
                    x.text(body(r));
                    x.w.writeEndElement();
                }
                case NOT_APPLICABLE -> {
                    x.w.writeStartElement("skipped");
                    x.attrs("message", "not applicable" + (r.detail() == null ? "" : ": " + r.detail()));
                    x.w.writeEndElement();
                }
                default -> {
                    x.w.writeStartElement("system-out");
                    x.text(r.verdict().name() + ": " + body(r));
                    x.w.writeEndElement();
                }
            }
            x.newline(2);
            x.w.writeEndElement();
        }
        if (nothingMeasured) {
            x.newline(2);
            x.w.writeStartElement("testcase");
            x.attrs("name", "audit[measured]", "classname", SUITE + ".audit", "time", "0");
            x.newline(3);
            x.w.writeEmptyElement("error");
            x.attrs("message", AuditReport.NOTHING_MEASURED, "type", "nothing-measured");
            x.newline(2);
            x.w.writeEndElement();
        }
        x.newline(1);
        x.w.writeEndElement();
        x.newline(0);
        x.w.writeEndElement();
        x.newline(-1);
        x.w.writeEndDocument();
    }

    private static void property(Xml x, String name, String value) throws XMLStreamException {
        x.newline(3);
        x.w.writeEmptyElement("property");
        x.attrs("name", name, "value", value == null ? "" : value);
    }

    /** What a reader of the CI log needs: the number, the thresholds, why, and what went into it. */
    private static String body(CheckResult r) {
        StringBuilder b = new StringBuilder();
        b.append("value ").append(ReportText.number(r.value()))
                .append(" (").append(ReportText.threshold(r.threshold())).append(")");
        if (r.detail() != null && !r.detail().isEmpty()) {
            b.append("\n").append(r.detail());
        }
        if (r.components() != null && !r.components().isEmpty()) {
            b.append("\ncomponents: ").append(r.components().entrySet().stream()
                    .map(e -> e.getKey() + "=" + ReportText.number(e.getValue()))
                    .collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    /** Indentation and the text hygiene StAX leaves to its caller. */
    private record Xml(XMLStreamWriter w) {
        void newline(int depth) throws XMLStreamException {
            w.writeCharacters("\n" + "  ".repeat(Math.max(0, depth)));
        }

        void attrs(Object... nameValue) throws XMLStreamException {
            for (int i = 0; i < nameValue.length; i += 2) {
                w.writeAttribute((String) nameValue[i], clean(String.valueOf(nameValue[i + 1])));
            }
        }

        void text(String s) throws XMLStreamException {
            w.writeCharacters(clean(s));
        }

        /*
         * StAX escapes markup but passes through characters XML 1.0 forbids (NUL, most C0 controls,
         * lone surrogates), which would make the whole file unparseable; a model name or exception
         * message can carry them.
         */
        private static String clean(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD);
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    b.append(c).append(s.charAt(++i));
                } else {
                    b.append(ok ? c : '\uFFFD');
                }
            }
            return b.toString();
        }
    }
}
