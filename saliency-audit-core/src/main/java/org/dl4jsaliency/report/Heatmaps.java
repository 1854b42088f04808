package org.dl4jsaliency.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Renders maps and display images to pixels. Maps use one signed colour scale: blue for −scale,
 * white for 0, red for +scale (values beyond are clipped), so that maps drawn with the same scale can
 * be compared cell by cell.
 */
public final class Heatmaps {
    private static final int BAR_WIDTH = 14;

    private Heatmaps() {
    }

    /** The largest |value| of the maps, or 1 when all are 0 (so that an all-zero map renders white). */
    public static double symmetricScale(Iterable<double[][]> maps) {
        double m = 0;
        for (double[][] map : maps) {
            for (double[] row : map) {
                for (double v : row) {
                    if (Double.isFinite(v)) {
                        m = Math.max(m, Math.abs(v));
                    }
                }
            }
        }
        return m > 0 ? m : 1;
    }

    /** {@code map} ([row][column]) in the signed colour scale ±{@code scale}. */
    public static BufferedImage signed(double[][] map, double scale) {
        int h = map.length;
        int w = map[0].length;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = Math.max(-1, Math.min(1, map[y][x] / scale));
                int fade = (int) Math.round(255 * (1 - Math.abs(t)));
                int rgb = t >= 0 ? (255 << 16) | (fade << 8) | fade : (fade << 16) | (fade << 8) | 255;
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** A display image ([channel][row][column], values in [0, 1], 1 or 3 channels). */
    public static BufferedImage display(double[][][] image) {
        int h = image[0].length;
        int w = image[0][0].length;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = level(image[0][y][x]);
                int g = image.length >= 3 ? level(image[1][y][x]) : r;
                int b = image.length >= 3 ? level(image[2][y][x]) : r;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /**
     * {@code map} drawn over a display image of the same size: each pixel mixes the image's grey level
     * with the signed colour in proportion to |value| / scale, so that weak relevance lets the input show.
     */
    public static BufferedImage overlay(double[][] map, double scale, double[][][] image) {
        int h = map.length;
        int w = map[0].length;
        if (image[0].length != h || image[0][0].length != w) {
            throw new IllegalArgumentException("overlay: the map is " + h + "×" + w + " but the image is "
                    + image[0].length + "×" + image[0][0].length);
        }
        BufferedImage colours = signed(map, scale);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double grey = 0;
                for (double[][] channel : image) {
                    grey += channel[y][x] / image.length;
                }
                int g = level(grey);
                double a = Double.isFinite(map[y][x]) ? Math.min(1, Math.abs(map[y][x]) / scale) : 0;
                int c = colours.getRGB(x, y);
                int r = (int) Math.round((1 - a) * g + a * ((c >> 16) & 0xff));
                int gg = (int) Math.round((1 - a) * g + a * ((c >> 8) & 0xff));
                int b = (int) Math.round((1 - a) * g + a * (c & 0xff));
                out.setRGB(x, y, (r << 16) | (gg << 8) | b);
            }
        }
        return out;
    }

    /**
     * {@code heat} with a vertical colour bar on its right, from +scale (top, red) through 0 (white) to
     * −scale (bottom, blue), labelled with the three values. The labels use a built-in 3×5 pixel font,
     * so that rendering needs no system fonts (headless servers often have none).
     */
    public static BufferedImage withColourBar(BufferedImage heat, double scale) {
        String top = String.format(Locale.ROOT, "%+.2E", scale);
        String bottom = String.format(Locale.ROOT, "%+.2E", -scale);
        int labelWidth = PixelFont.width(top.length());
        int h = Math.max(heat.getHeight(), 3 * PixelFont.HEIGHT + 8);
        int barX = heat.getWidth() + 8;
        int out = barX + BAR_WIDTH + 6 + labelWidth + 4;
        BufferedImage img = new BufferedImage(out, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < out; x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        for (int y = 0; y < heat.getHeight(); y++) {
            for (int x = 0; x < heat.getWidth(); x++) {
                img.setRGB(x, y, heat.getRGB(x, y));
            }
        }
        double[][] ramp = new double[h][1];
        for (int y = 0; y < h; y++) {
            ramp[y][0] = 1 - 2.0 * y / (h - 1);
        }
        BufferedImage bar = signed(ramp, 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < BAR_WIDTH; x++) {
                img.setRGB(barX + x, y, x == 0 || x == BAR_WIDTH - 1 ? 0x6e7781 : bar.getRGB(0, y));
            }
        }
        int labelX = barX + BAR_WIDTH + 6;
        PixelFont.draw(img, top, labelX, 0);
        PixelFont.draw(img, "0", labelX, (h - PixelFont.HEIGHT) / 2);
        PixelFont.draw(img, bottom, labelX, h - PixelFont.HEIGHT);
        return img;
    }

    /** {@code img} scaled up by an integer {@code factor} with nearest-neighbour pixels (crisp small maps). */
    public static BufferedImage enlarge(BufferedImage img, int factor) {
        BufferedImage out = new BufferedImage(img.getWidth() * factor, img.getHeight() * factor,
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, img.getRGB(x / factor, y / factor));
            }
        }
        return out;
    }

    /** PNG bytes of {@code img}. */
    public static byte[] png(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static int level(double v) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    }
}
