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
}
