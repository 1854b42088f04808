package org.dl4jsaliency.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Renders maps and display images to pixels. Maps use one signed colour scale: blue for −scale,
 * white for 0, red for +scale (values beyond are clipped), so that maps drawn with the same scale can
 * be compared cell by cell.
 */
public final class Heatmaps {
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
