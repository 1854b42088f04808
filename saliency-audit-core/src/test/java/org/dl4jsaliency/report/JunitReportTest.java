package org.dl4jsaliency.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JUnit XML parses, counts right, and maps FAIL / WARN / N/A to failure / system-out / skipped. */
class JunitReportTest {
    private final AuditReport report = SampleReports.sample();
    private final Document doc = parse(JunitReport.render(report));

    private static Document parse(byte[] xml) {
        try {
            return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("the JUnit report is not well-formed XML", e);
        }
    }

    private Map<String, Element> testcases() {
        NodeList cases = doc.getElementsByTagName("testcase");
        Map<String, Element> byName = new HashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            byName.put(e.getAttribute("name"), e);
        }
        return byName;
    }

    @Test
    void suiteCountsMatchTheResults() {
        assertEquals("testsuites", doc.getDocumentElement().getTagName());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("saliency-audit", suite.getAttribute("name"));
        assertEquals("6", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        assertEquals("12.500", suite.getAttribute("time"));
        assertEquals(report.results().size(), doc.getElementsByTagName("testcase").getLength());
        assertEquals(1, doc.getElementsByTagName("failure").getLength());
        assertEquals(1, doc.getElementsByTagName("skipped").getLength());
    }

    @Test
    void verdictsMapToJunitOutcomes() {
        Map<String, Element> cases = testcases();
        Element fail = cases.get("zero-point[gradient-x-input]");
        assertEquals("saliency-audit.zero-point", fail.getAttribute("classname"));
        Element failure = (Element) fail.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").contains("FAIL below 0.2"), failure.getAttribute("message"));
        // The detail's markup and control character arrive as text, not as elements or a parse error.
        assertTrue(failure.getTextContent().contains("exactly 0 at the zero point \uFFFD<b>"), failure.getTextContent());

        Element warn = cases.get("re-encoding[gradient-x-input]");
        assertEquals(0, warn.getElementsByTagName("failure").getLength());
        assertTrue(warn.getElementsByTagName("system-out").item(0).getTextContent().startsWith("WARN"));

        Element na = cases.get("probe-sweep[gradient]");
        assertTrue(((Element) na.getElementsByTagName("skipped").item(0)).getAttribute("message")
                .contains("no pixel at the zero point"));
    }

    @Test
    void propertiesRecordTheRun() {
        NodeList props = doc.getElementsByTagName("property");
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < props.getLength(); i++) {
            Element e = (Element) props.item(i);
            p.put(e.getAttribute("name"), e.getAttribute("value"));
        }
        assertEquals("true", p.get("warnOnly"));
        assertEquals(SampleReports.EVIL_MODEL, p.get("model"));
        assertEquals("ab".repeat(32), p.get("sha256"));
        assertEquals("42", p.get("seed"));
    }
}
