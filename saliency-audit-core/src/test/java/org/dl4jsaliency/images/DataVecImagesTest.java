package org.dl4jsaliency.images;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.datavec.image.loader.NativeImageLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A folder of labelled images read through DataVec's ImageRecordReader: names, labels, class names and
 * pixel values checked against the PNGs written here, and every layout error.
 */
class DataVecImagesTest {
    private static final int H = 4;
    private static final int W = 5;

    /** RGB of pixel (x, y) of image {@code k}: the three channels differ everywhere, so a swap shows. */
    private static int rgb(int k, int x, int y) {
        int r = (40 * x + 7 * y + 30 * k) % 256;
        int g = (60 * y + 3 * x + 100) % 256;
        int b = (25 * x + 25 * y + 200 - 50 * k) % 256;
        return (r << 16) | (g << 8) | b;
    }

    private static Path rgbPng(Path file, int k, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb(k, x, y));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static Path grayPng(Path file, int k) throws Exception {
        Files.createDirectories(file.getParent());
        return ImageFilesTest.grayPng(file, W, H, (x, y) -> (50 * x + 13 * y + 70 * k) % 256);
    }

    private static void assertRgbPixels(ImageBatch b, int example, int k) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int p = rgb(k, x, y);
                String at = "example " + example + " (" + x + ", " + y + ")";
                assertEquals(((p >> 16) & 0xff) / 255.0, b.display().getDouble(example, 0, y, x), 1e-7, "R " + at);
                assertEquals(((p >> 8) & 0xff) / 255.0, b.display().getDouble(example, 1, y, x), 1e-7, "G " + at);
                assertEquals((p & 0xff) / 255.0, b.display().getDouble(example, 2, y, x), 1e-7, "B " + at);
            }
        }
    }

    @Test
    void classFoldersGiveNamesLabelsClassNamesAndTheRgbPixelsWritten(@TempDir Path root) throws Exception {
        rgbPng(root.resolve("dog").resolve("b.png"), 2, W, H);
        rgbPng(root.resolve("cat").resolve("z.png"), 1, W, H);
        rgbPng(root.resolve("cat").resolve("a.png"), 0, W, H);
        ImageBatch b = DataVecImages.readLabelledFolder(root, 3, H, W);

        assertArrayEquals(new long[] {3, 3, H, W}, b.display().shape());
        assertEquals(List.of("cat/a.png", "cat/z.png", "dog/b.png"), b.names());
        assertEquals(List.of("cat", "dog"), b.classNames());
        assertTrue(b.labelled());
        assertArrayEquals(new int[] {0, 0, 1}, b.labels());
        // At the model's size nothing is resized: every value is the byte written / 255, in RGB order.
        assertRgbPixels(b, 0, 0);
        assertRgbPixels(b, 1, 1);
        assertRgbPixels(b, 2, 2);
        // ... and the same as the library's own reader gives for the file.
        assertEquals(ImageFiles.read(root.resolve("dog").resolve("b.png"), 3, H, W).display().getDouble(0, 0, 1, 2),
                b.display().getDouble(2, 0, 1, 2), 1e-7);
    }

    @Test
    void aRelativeRootNamesTheExamplesTheSameWay(@TempDir Path root) throws Exception {
        rgbPng(root.resolve("cat").resolve("a.png"), 0, W, H);
        Path relative = Path.of("").toAbsolutePath().relativize(root);
        assertTrue(!relative.isAbsolute());
        ImageBatch b = DataVecImages.readLabelledFolder(relative, 3, H, W);
        assertEquals(List.of("cat/a.png"), b.names());
        assertRgbPixels(b, 0, 0);
    }

    @Test
    void pngsWithAnAlphaChannelAreRgbToo(@TempDir Path root) throws Exception {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.setRGB(x, y, 0xff000000 | rgb(1, x, y));
            }
        }
        Files.createDirectories(root.resolve("a"));
        ImageIO.write(img, "png", root.resolve("a").resolve("rgba.png").toFile());
        assertRgbPixels(DataVecImages.readLabelledFolder(root, 3, H, W), 0, 1);
    }

    @Test
    void grayImagesKeepTheirValuesInOneChannel(@TempDir Path root) throws Exception {
        grayPng(root.resolve("0").resolve("x.png"), 0);
        grayPng(root.resolve("1").resolve("y.png"), 1);
        ImageBatch b = DataVecImages.readLabelledFolder(root, 1, H, W);
        assertArrayEquals(new long[] {2, 1, H, W}, b.display().shape());
        assertArrayEquals(new int[] {0, 1}, b.labels());
        for (int k = 0; k < 2; k++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    assertEquals(((50 * x + 13 * y + 70 * k) % 256) / 255.0, b.display().getDouble(k, 0, y, x), 1e-7);
                }
            }
        }
    }

    @Test
    void colourImagesReadAsOneChannelAreTheirLuma(@TempDir Path root) throws Exception {
        rgbPng(root.resolve("a").resolve("c.png"), 0, W, H);
        ImageBatch b = DataVecImages.readLabelledFolder(root, 1, H, W);
        int p = rgb(0, 3, 2);
        double luma = 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
        // OpenCV rounds the luma to a byte.
        assertEquals(luma / 255.0, b.display().getDouble(0, 0, 2, 3), 0.5 / 255 + 1e-9);
    }

    @Test
    void grayImagesReadAsThreeChannelsRepeatTheGray(@TempDir Path root) throws Exception {
        grayPng(root.resolve("a").resolve("g.png"), 1);
        ImageBatch b = DataVecImages.readLabelledFolder(root, 3, H, W);
        for (int c = 0; c < 3; c++) {
            assertEquals(((50 * 4 + 13 * 3 + 70) % 256) / 255.0, b.display().getDouble(0, c, 3, 4), 1e-7);
        }
    }

    @Test
    void imagesOfAnotherSizeAreResizedAndAFlatColourStaysExact(@TempDir Path root) throws Exception {
        BufferedImage img = new BufferedImage(9, 7, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 9; x++) {
                img.setRGB(x, y, 0x336699);
            }
        }
        Files.createDirectories(root.resolve("a"));
        ImageIO.write(img, "png", root.resolve("a").resolve("flat.png").toFile());
        rgbPng(root.resolve("b").resolve("big.png"), 0, 3 * W, 2 * H);
        ImageBatch b = DataVecImages.readLabelledFolder(root, 3, H, W);
        assertArrayEquals(new long[] {2, 3, H, W}, b.display().shape());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(0x33 / 255.0, b.display().getDouble(0, 0, y, x), 1e-7);
                assertEquals(0x66 / 255.0, b.display().getDouble(0, 1, y, x), 1e-7);
                assertEquals(0x99 / 255.0, b.display().getDouble(0, 2, y, x), 1e-7);
            }
        }
        assertTrue(b.display().minNumber().doubleValue() >= 0 && b.display().maxNumber().doubleValue() <= 1);
    }

    @Test
    void gifIsRefusedByNameBecauseDataVecCannotDecodeIt(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("a"));
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED);
        assertTrue(ImageIO.write(img, "gif", root.resolve("a").resolve("p.gif").toFile()));
        // What the refusal protects from: DataVec's own reader fails on a valid GIF.
        Exception direct = assertThrows(Exception.class,
                () -> new NativeImageLoader(H, W, 3).asMatrix(root.resolve("a").resolve("p.gif").toFile()));
        assertTrue(String.valueOf(direct.getMessage()).contains("Could not decode"), direct.toString());
        assertRejected(root, root.resolve("a").resolve("p.gif").toString(), "convert it to PNG");
    }

    @Test
    void openCvsNativeDecoderIsLoadedFromThisPlatformsJar() {
        // The reads above need it; this names the cause if the linux-x86_64 natives are missing.
        assertEquals("linux-x86_64", Loader.getPlatform());
        String library = Loader.load(opencv_imgcodecs.class);
        assertNotNull(library);
        assertTrue(library.contains("opencv_imgcodecs"), library);
    }

    @Test
    void classesAreNumberedInDataVecsSortedStringOrder(@TempDir Path root) throws Exception {
        grayPng(root.resolve("2").resolve("a.png"), 0);
        grayPng(root.resolve("10").resolve("b.png"), 1);
        ImageBatch b = DataVecImages.readLabelledFolder(root, 1, H, W);
        assertEquals(List.of("10", "2"), b.classNames());
        assertEquals(List.of("10/b.png", "2/a.png"), b.names());
        assertArrayEquals(new int[] {0, 1}, b.labels());
    }

    @Test
    void hiddenFilesAreIgnored(@TempDir Path root) throws Exception {
        grayPng(root.resolve("a").resolve("x.png"), 0);
        Files.writeString(root.resolve(".DS_Store"), "finder");
        Files.writeString(root.resolve("a").resolve(".thumbs"), "cache");
        assertEquals(List.of("a/x.png"), DataVecImages.readLabelledFolder(root, 1, H, W).names());
    }

    private static void assertRejected(Path root, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataVecImages.readLabelledFolder(root, 1, H, W));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage() + " names " + f);
        }
    }

    @Test
    void anEmptyFolderOrOneWithoutClassSubfoldersIsRejected(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertRejected(empty, empty.toString(), "no class subfolders");
        Path flat = Files.createDirectory(dir.resolve("flat"));
        grayPng(flat.resolve("a.png"), 0);
        assertRejected(flat, flat.resolve("a.png").toString(), "not in a class subfolder");
        assertRejected(dir.resolve("missing"), dir.resolve("missing").toString(), "not a folder");
    }

    @Test
    void aClassFolderWithoutImagesIsRejected(@TempDir Path root) throws Exception {
        grayPng(root.resolve("a").resolve("x.png"), 0);
        Files.createDirectory(root.resolve("b"));
        assertRejected(root, root.resolve("b").toString(), "holds no images");
    }

    @Test
    void aFileThatIsNotAnImageIsRejected(@TempDir Path root) throws Exception {
        grayPng(root.resolve("a").resolve("x.png"), 0);
        Files.writeString(root.resolve("a").resolve("notes.txt"), "not an image");
        assertRejected(root, root.resolve("a").resolve("notes.txt").toString(), "not an image");
    }

    @Test
    void anImageThatDoesNotDecodeIsRejected(@TempDir Path root) throws Exception {
        // OpenCV fails, then DataVec asks Leptonica: this also runs Leptonica's natives.
        grayPng(root.resolve("a").resolve("x.png"), 0);
        Files.writeString(root.resolve("a").resolve("y.png"), "text, not a PNG");
        assertRejected(root, root.resolve("a").resolve("y.png").toString(), "cannot read image");
    }

    @Test
    void aFolderInsideAClassFolderIsRejected(@TempDir Path root) throws Exception {
        grayPng(root.resolve("a").resolve("deeper").resolve("x.png"), 0);
        assertRejected(root, root.resolve("a").resolve("deeper").toString(), "holds images only");
    }

    @Test
    void sixteenBitImagesAreRejectedRatherThanReadAboveOne(@TempDir Path root) throws Exception {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(1, 1, 0, 40000);
        Files.createDirectories(root.resolve("a"));
        ImageIO.write(img, "png", root.resolve("a").resolve("deep.png").toFile());
        assertRejected(root, root.resolve("a").resolve("deep.png").toString(), "above 255");
    }

    @Test
    void channelsOtherThanOneOrThreeAreRejected(@TempDir Path root) throws Exception {
        grayPng(root.resolve("a").resolve("x.png"), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataVecImages.readLabelledFolder(root, 4, H, W));
        assertTrue(e.getMessage().contains("not 4"), e.getMessage());
    }

    @Test
    void theUnlabelledConstructorKeepsWorking(@TempDir Path dir) throws Exception {
        ImageBatch b = ImageFiles.read(ImageFilesTest.grayPng(dir.resolve("g.png"), 2, 2, (x, y) -> x), 1, 2, 2);
        assertFalse(b.labelled());
        assertEquals(null, b.labels());
        assertEquals(List.of(), b.classNames());
    }
}
