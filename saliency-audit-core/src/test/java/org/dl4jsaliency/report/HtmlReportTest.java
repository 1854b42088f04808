package org.dl4jsaliency.report;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML report: balanced markup, decodable heatmaps of the right size, every value, no injection. */
class HtmlReportTest {
    private static final Set<String> VOID = Set.of("meta", "img", "br", "hr", "input", "link");
    private final AuditReport report = SampleReports.sample();
    private final String html = new String(HtmlReport.render(report), StandardCharsets.UTF_8);

    @Test
    void tagsAreBalanced() {
        // Script and style bodies are not markup.
        String markup = html.replaceAll("(?s)<script>.*?</script>", "").replaceAll("(?s)<style>.*?</style>", "");
        Deque<String> open = new ArrayDeque<>();
        Matcher m = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>").matcher(markup);
        while (m.find()) {
            String tag = m.group(2).toLowerCase();
            if (VOID.contains(tag) || m.group(3).endsWith("/")) {
                continue;
            }
            if (m.group(1).isEmpty()) {
                open.push(tag);
            } else {
                assertEquals(open.isEmpty() ? "(nothing open)" : open.peek(), tag, "closing </" + tag + "> at " + m.start());
                open.pop();
            }
        }
        assertTrue(open.isEmpty(), "unclosed: " + open);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
    }

    @Test
    void everyHeatmapIsAnInlinePngOfTheEnlargedSize() throws IOException {
        Matcher m = Pattern.compile("<img[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        List<BufferedImage> images = new ArrayList<>();
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertNotNull(img, "not a PNG: image " + images.size());
            images.add(img);
        }
        int perGrid = SampleReports.ROWS * (SampleReports.METHODS.size() + 1);
        // The grid, then each row's per-image view, with the same images again.
        assertEquals(2 * perGrid, images.size());
        int factor = Math.round(112f / SampleReports.H);
        for (BufferedImage img : images) {
            assertEquals(SampleReports.W * factor, img.getWidth());
            assertEquals(SampleReports.H * factor, img.getHeight());
        }
        assertEquals(images.size(), count(html, "<img "), "every <img> is an inline PNG");
    }

    @Test
    void theVerdictTableHasEveryResult() {
        String table = html.substring(html.indexOf("<table class=\"verdicts\">"), html.indexOf("</table>",
                html.indexOf("<table class=\"verdicts\">")));
        String[] values = {"0.83", "0", "1.000e-07", "0.12", "n/a", "0.31"};
        for (int i = 0; i < values.length; i++) {
            CheckResult r = report.results().get(i);
            String cell = "<td class=\"cell v-" + r.verdict() + "\" title=\"" + r.check() + " for " + r.method() + ": ";
            int at = table.indexOf(cell);
            assertTrue(at >= 0, "no cell for " + r.check() + "/" + r.method());
            String rest = table.substring(at);
            assertTrue(rest.contains("<span class=\"val\">" + values[i] + "</span>"), "value of " + r.check() + "/" + r.method());
        }
        assertEquals(SampleReports.CHECKS.size(), count(table, "<td class=\"thr\">"), "one threshold per check column");
        for (String m : SampleReports.METHODS) {
            assertTrue(table.contains("<tr><th>" + m + "</th><td class=\"cell"), "a row for " + m);
        }
        assertTrue(html.contains("<div class=\"overall bg-FAIL\" id=\"overall\">FAIL</div>"));
        assertTrue(html.contains("Warn-only run"));
    }

    @Test
    void textIsEscapedAndNothingComesFromTheNetwork() {
        assertFalse(html.contains("<script>alert"), "the model name's markup must not reach the page");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;lenet &amp; &quot;friends&quot;.zip"));
        assertTrue(html.contains("dark &lt;square&gt;"));
        assertEquals(1, count(html, "<script>"), "only the status script");
        assertFalse(html.contains("http://") || html.contains("https://"), "the file must be self-contained");
        assertFalse(html.contains("@import") || html.contains("url("), "no external CSS resources");
    }

    @Test
    void plotsAreInlineSvgWithALegendEntryPerSeries() {
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>"));
        for (Series s : report.plots().get(0).series()) {
            assertTrue(svg.contains("class=\"legend\" x=") && svg.contains(">" + s.name() + "</text>"), s.name());
        }
        // The NaN point breaks gradient-x-input's line into two pieces.
        assertTrue(Pattern.compile("<path d=\"M[^\"]*M[^\"]*\" fill=\"none\" stroke=\"#f28e2b\"").matcher(svg).find(), svg);
        assertTrue(svg.contains("fill-opacity=\"0.15\""), "spread band");
    }

    @Test
    void nonFiniteMapValuesAreFlagged() {
        // One NaN per gradient-x-input map: in the grid and in the per-image view of each row.
        assertEquals(2 * SampleReports.ROWS, count(html, "1 non-finite values (white)"));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theSummarySaysWhichMethodsCanBeTrustedAtTheZeroPoint() {
        // gradient: PASS, PASS, N/A → trusted; gradient-x-input: FAIL at the zero point → untrustworthy.
        ReportSummary.Groups g = ReportSummary.groups(report);
        assertEquals(List.of("gradient"), g.trusted());
        assertEquals(List.of("gradient-x-input"), g.blind());
        String summary = html.substring(html.indexOf("<section id=\"summary\">"), html.indexOf("<section id=\"checks\">"));
        assertTrue(summary.contains("<b>Can be trusted at this model's zero point</b> (x / 255 (zero point: black)): "
                + "<code>gradient</code>."), summary);
        assertTrue(summary.contains("<b>Cannot be trusted at the zero point</b> (FAIL): <code>gradient-x-input</code>."), summary);
        assertTrue(summary.contains("not necessarily a fault of the model") && summary.contains("What to do next"),
                summary);
    }

    @Test
    void aWarningMakesAMethodBorderlineAndOnlyInapplicableChecksLeaveItUnmeasured() {
        Threshold t = new Threshold(true, 0.5, 0.2);
        List<CheckResult> results = List.of(
                new CheckResult("zero-point", "a", 0.4, Verdict.WARN, t, "", java.util.Map.of()),
                new CheckResult("probe-sweep", "a", 0.9, Verdict.PASS, t, "", java.util.Map.of()),
                new CheckResult("zero-point", "b", null, Verdict.NOT_APPLICABLE, t, "", java.util.Map.of()),
                new CheckResult("randomisation", "b", 0.1, Verdict.FAIL, t, "", java.util.Map.of()),
                new CheckResult("re-encoding", "c", 0.9, Verdict.PASS, t, "", java.util.Map.of()));
        AuditReport r = new AuditReport(report.run(), List.of("a", "b", "c"), List.of("zero-point"), results,
                List.of(), List.of(), AuditReport.overall(results), false);
        ReportSummary.Groups g = ReportSummary.groups(r);
        assertEquals(List.of("c"), g.trusted());
        assertEquals(List.of("a"), g.borderline());
        assertEquals(List.of("b"), g.unmeasured(), "a sanity-check FAIL does not count as input bias");
        assertEquals(List.of(), g.blind());
        StringBuilder h = new StringBuilder();
        ReportSummary.append(h, r);
        assertTrue(h.toString().contains("<b>Sanity checks failed</b>: b (randomisation)"), h.toString());
    }
}
