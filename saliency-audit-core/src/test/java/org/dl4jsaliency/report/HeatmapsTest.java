package org.dl4jsaliency.report;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeatmapsTest {

    @Test
    void theColourBarRunsFromRedThroughWhiteToBlueBesideAnUnchangedHeatmap() {
        double[][] map = {{1, -1}, {0.5, 0}};
        BufferedImage heat = Heatmaps.enlarge(Heatmaps.signed(map, 1), 40); // 80 × 80
        BufferedImage img = Heatmaps.withColourBar(heat, 1);
        assertEquals(80, img.getHeight());
        for (int y = 0; y < 80; y += 7) {
            for (int x = 0; x < 80; x += 7) {
                assertEquals(heat.getRGB(x, y), img.getRGB(x, y), "heatmap pixel " + x + "," + y);
            }
        }
        int bar = 80 + 8 + 7;
        assertEquals(0xff0000, img.getRGB(bar, 0) & 0xffffff, "+scale at the top");
        assertEquals(0x0000ff, img.getRGB(bar, 79) & 0xffffff, "−scale at the bottom");
        int middle = img.getRGB(bar, 40) & 0xffffff;
        assertTrue(((middle >> 16) & 0xff) > 245 && ((middle >> 8) & 0xff) > 245 && (middle & 0xff) > 245,
                "white at 0: " + Integer.toHexString(middle));
        int labelX = 80 + 8 + 14 + 6;
        assertTrue(darkPixels(img, labelX, 0, img.getWidth(), PixelFont.HEIGHT) > 20, "a label at the top");
        assertTrue(darkPixels(img, labelX, 80 - PixelFont.HEIGHT, img.getWidth(), 80) > 20, "a label at the bottom");
    }

    private static int darkPixels(BufferedImage img, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                n += (img.getRGB(x, y) & 0xff) < 100 ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void theOverlayShowsTheInputWhereTheMapIsZeroAndTheColourWhereItIsFull() {
        double[][][] grey = {{{0.2, 0.2, 0.2}}};
        BufferedImage img = Heatmaps.overlay(new double[][] {{0, 2, -1}}, 2, grey);
        assertEquals(0x333333, img.getRGB(0, 0) & 0xffffff, "0.2 grey (51) where the map is 0");
        assertEquals(0xff0000, img.getRGB(1, 0) & 0xffffff, "full red at +scale");
        // −scale/2: half blue-ish colour (fade 128 → (128, 128, 255)) mixed half with grey 51
        assertEquals((90 << 16) | (90 << 8) | 153, img.getRGB(2, 0) & 0xffffff);
        assertThrows(IllegalArgumentException.class,
                () -> Heatmaps.overlay(new double[][] {{0, 1}}, 1, grey), "sizes must match");
    }

    @Test
    void theFontHasTheLabelsCharactersOnly() {
        BufferedImage img = new BufferedImage(100, 20, BufferedImage.TYPE_INT_RGB);
        PixelFont.draw(img, "+1.25E-03", 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelFont.draw(img, "NaN", 0, 0));
        assertTrue(e.getMessage().contains("'N'"), e.getMessage());
    }
}
