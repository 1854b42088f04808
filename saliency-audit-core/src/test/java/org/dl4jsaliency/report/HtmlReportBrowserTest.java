package org.dl4jsaliency.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTML report renders in a real browser ({@code scripts/check-html-report.sh}, headless Chromium).
 * Skipped, not passed, where Chromium is not installed.
 */
class HtmlReportBrowserTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsChromium() {
        assumeTrue(BrowserCheck.available(), "no Chromium at " + BrowserCheck.CHROMIUM);
    }

    @Test
    void theReportRendersWithEveryImageAndAScreenshot() throws Exception {
        Path html = dir.resolve("report.html");
        Path shot = dir.resolve("shot.png");
        AtomicFiles.write(html, HtmlReport.render(SampleReports.sample()));
        BrowserCheck.Result r = BrowserCheck.run(html, shot);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("OK: 12 image(s) loaded"), r.output());
        BufferedImage screenshot = ImageIO.read(shot.toFile());
        assertNotNull(screenshot, "the screenshot is not a PNG");
        assertEquals(1400, screenshot.getWidth());
    }

    @Test
    void aBrokenImageFailsTheCheck() throws Exception {
        Path html = dir.resolve("broken.html");
        Path shot = dir.resolve("broken.png");
        String page = new String(HtmlReport.render(SampleReports.sample()), StandardCharsets.UTF_8)
                .replaceFirst("data:image/png;base64,", "data:image/png;base64,AAAA");
        Files.writeString(html, page);
        BrowserCheck.Result r = BrowserCheck.run(html, shot);
        assertNotEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("1 broken image(s)"), r.output());
    }

    @Test
    void aPageWiderThanTheWindowFailsTheCheck() throws Exception {
        Path html = dir.resolve("wide.html");
        String page = new String(HtmlReport.render(SampleReports.sample()), StandardCharsets.UTF_8)
                .replaceFirst("<main>", "<main><div style=\"width: 3000px\">wide</div>");
        Files.writeString(html, page);
        BrowserCheck.Result r = BrowserCheck.run(html, dir.resolve("wide.png"));
        assertNotEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("scrolls sideways at 1400 px: page"), r.output());
    }

    @Test
    void longLegendNamesStayInsideTheirPlot() throws Exception {
        String longName = "integrated-gradients:steps=16,baseline=blur,sigma=2.5";
        double[] x = {0, 0.5, 1};
        AuditReport s = SampleReports.sample();
        Plot plot = new Plot("long", "Long legend", "x", "y",
                java.util.List.of(new Series(longName, x, new double[] {0.1, 0.2, 0.3}, null)));
        AuditReport withLong = new AuditReport(s.run(), s.methods(), s.checks(), s.results(), java.util.List.of(plot),
                s.figures(), s.overall(), s.warnOnly());
        Path html = dir.resolve("legend.html");
        AtomicFiles.write(html, HtmlReport.render(withLong));
        BrowserCheck.Result r = BrowserCheck.run(html, dir.resolve("legend.png"));
        assertEquals(0, r.code(), r.output());
        // The same plot narrowed to 300 units (the legend then lies outside it) fails the check.
        Path narrow = dir.resolve("narrow.html");
        Files.writeString(narrow, new String(HtmlReport.render(withLong), StandardCharsets.UTF_8)
                .replaceAll("viewBox=\"0 0 \\d+ ", "viewBox=\"0 0 300 "));
        BrowserCheck.Result cut = BrowserCheck.run(narrow, dir.resolve("narrow.png"));
        assertNotEquals(0, cut.code(), cut.output());
        assertTrue(cut.output().contains("text cut off at the edge of a plot") && cut.output().contains(longName),
                cut.output());
    }
}
