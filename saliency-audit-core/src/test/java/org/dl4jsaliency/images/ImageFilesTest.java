package org.dl4jsaliency.images;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decoding, channel conversion and resizing of image files. */
class ImageFilesTest {

    /** A gray PNG whose pixel (x, y) is {@code level.apply(x, y)}. */
    static Path grayPng(Path file, int w, int h, java.util.function.IntBinaryOperator level) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, level.applyAsInt(x, y));
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static int[][] rgbPixels() {
        return new int[][] {{0xff0000, 0x00ff00, 0x0000ff}, {0x102030, 0xc08040, 0xffffff}};
    }

    private static Path rgbPng(Path file) throws Exception {
        int[][] p = rgbPixels();
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                img.setRGB(x, y, p[y][x]);
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void grayPngAtItsOwnSizeKeepsEveryPixelValue(@TempDir Path dir) throws Exception {
        Path f = grayPng(dir.resolve("g.png"), 4, 3, (x, y) -> 20 * x + 70 * y + 1);
        ImageBatch b = ImageFiles.read(f, 1, 3, 4);
        assertArrayEquals(new long[] {1, 1, 3, 4}, b.display().shape());
        assertEquals(List.of("g.png"), b.names());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals((20 * x + 70 * y + 1) / 255.0, b.display().getDouble(0, 0, y, x), 0.0);
            }
        }
    }

    @Test
    void rgbPngReadsAsRgbOrLuminanceAndGrayRepeatsOverThreeChannels(@TempDir Path dir) throws Exception {
        Path f = rgbPng(dir.resolve("c.png"));
        INDArray rgb = ImageFiles.read(f, 3, 2, 3).display();
        INDArray gray = ImageFiles.read(f, 1, 2, 3).display();
        int[][] p = rgbPixels();
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                double r = ((p[y][x] >> 16) & 0xff) / 255.0;
                double g = ((p[y][x] >> 8) & 0xff) / 255.0;
                double b = (p[y][x] & 0xff) / 255.0;
                assertEquals(r, rgb.getDouble(0, 0, y, x), 0.0);
                assertEquals(g, rgb.getDouble(0, 1, y, x), 0.0);
                assertEquals(b, rgb.getDouble(0, 2, y, x), 0.0);
                assertEquals(0.299 * r + 0.587 * g + 0.114 * b, gray.getDouble(0, 0, y, x), 0.0);
            }
        }
        Path g = grayPng(dir.resolve("g.png"), 3, 2, (x, y) -> 40 * x + y);
        INDArray three = ImageFiles.read(g, 3, 2, 3).display();
        for (int c = 0; c < 3; c++) {
            assertEquals(ImageFiles.read(g, 1, 2, 3).display().getDouble(0, 0, 1, 2), three.getDouble(0, c, 1, 2), 0.0);
            assertEquals((40 * 2 + 1) / 255.0, three.getDouble(0, c, 1, 2), 0.0);
        }
    }

    @Test
    void resizingKeepsConstantImagesConstant(@TempDir Path dir) throws Exception {
        Path f = grayPng(dir.resolve("flat.png"), 7, 5, (x, y) -> 77);
        for (int[] size : new int[][] {{13, 3}, {2, 11}, {1, 1}}) {
            INDArray d = ImageFiles.read(f, 1, size[0], size[1]).display();
            assertArrayEquals(new long[] {1, 1, size[0], size[1]}, d.shape());
            assertEquals(77 / 255.0, d.minNumber().doubleValue(), 0.0);
            assertEquals(77 / 255.0, d.maxNumber().doubleValue(), 0.0);
        }
    }

    @Test
    void bilinearResizeAlignsPixelCentres() {
        // Doubling 0, 1 samples positions −¼ (clamped to 0), ¼, ¾ and 1¼ (clamped to 1).
        assertArrayEquals(new double[] {0, 0.25, 0.75, 1}, ImageFiles.resize(new double[][] {{0, 1}}, 1, 4)[0], 0.0);
        // Halving 0, 1, 2, 3 samples positions ½ and 2½.
        assertArrayEquals(new double[] {0.5, 2.5}, ImageFiles.resize(new double[][] {{0, 1, 2, 3}}, 1, 2)[0], 0.0);
        double[][] column = ImageFiles.resize(new double[][] {{0}, {4}}, 4, 1);
        assertArrayEquals(new double[] {0, 1, 3, 4}, new double[] {column[0][0], column[1][0], column[2][0], column[3][0]},
                0.0);
    }

    @Test
    void folderIsReadInNameOrderAndOtherFilesAreSkipped(@TempDir Path dir) throws Exception {
        grayPng(dir.resolve("b.png"), 2, 2, (x, y) -> 200);
        grayPng(dir.resolve("a.PNG"), 2, 2, (x, y) -> 100);
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        ImageBatch b = ImageFiles.read(dir, 1, 2, 2);
        assertEquals(List.of("a.PNG", "b.png"), b.names());
        assertEquals(100 / 255.0, b.display().getDouble(0, 0, 1, 1), 0.0);
        assertEquals(200 / 255.0, b.display().getDouble(1, 0, 1, 1), 0.0);
    }

    @Test
    void unreadableFilesAndEmptyFoldersNameThePath(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.png");
        Files.writeString(bad, "this is not a png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(bad, 1, 4, 4));
        assertTrue(e.getMessage().startsWith("cannot read image " + bad + ":"), e.getMessage());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "no images here");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(empty, 1, 4, 4));
        assertTrue(none.getMessage().contains("no images") && none.getMessage().contains(empty.toString()),
                none.getMessage());
    }
}
