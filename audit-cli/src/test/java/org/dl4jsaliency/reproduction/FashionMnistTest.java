package org.dl4jsaliency.reproduction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IDX files read back exactly; broken ones are named; the installed Debian copy is the real dataset. */
class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void readsHandWrittenIdxFilesGzippedOrNot() throws IOException {
        byte[][] pixels = new byte[3][28 * 28];
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < 28 * 28; p++) {
                pixels[i][p] = (byte) ((p * 7 + i * 31) % 256);
            }
        }
        writeIdx(dir, "train", pixels, new int[] {9, 0, 3}, true);
        writeIdx(dir, "t10k", pixels, new int[] {1, 2, 5}, false);
        FashionMnist.requirePresent(dir);
        FashionMnist.Items train = FashionMnist.read(dir, FashionMnist.Split.TRAIN, 10);
        assertArrayEquals(new int[] {9, 0, 3}, train.labels());
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < 28 * 28; p++) {
                assertEquals((pixels[i][p] & 0xff) / 255f, train.images()[i][p], 0f, "item " + i + " pixel " + p);
            }
        }
        FashionMnist.Items test = FashionMnist.read(dir, FashionMnist.Split.TEST, 2);
        assertArrayEquals(new int[] {1, 2}, test.labels());
        assertEquals(2, test.images().length);
        assertEquals(0f, test.images()[0][0]);
        assertEquals(7 / 255f, test.images()[0][1]);
    }

    @Test
    void missingFilesSayHowToInstallThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.requirePresent(dir));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void brokenFilesAreNamed() throws IOException {
        byte[][] one = {new byte[28 * 28]};
        writeIdx(dir, "train", one, new int[] {3}, false);
        Path labels = dir.resolve("train-labels-idx1-ubyte");

        Files.write(labels, new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 3});
        var magic = assertThrows(IllegalArgumentException.class, () -> FashionMnist.read(dir, FashionMnist.Split.TRAIN, 1));
        assertTrue(magic.getMessage().contains("not an IDX label file") && magic.getMessage().contains(labels.toString()),
                magic.getMessage());

        Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 12});
        var label = assertThrows(IllegalArgumentException.class, () -> FashionMnist.read(dir, FashionMnist.Split.TRAIN, 1));
        assertTrue(label.getMessage().contains("label 12"), label.getMessage());

        Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 1, 2});
        var count = assertThrows(IllegalArgumentException.class, () -> FashionMnist.read(dir, FashionMnist.Split.TRAIN, 2));
        assertTrue(count.getMessage().contains("do not belong together"), count.getMessage());

        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] whole = Files.readAllBytes(images);
        Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 1});
        Files.write(images, java.util.Arrays.copyOf(whole, whole.length - 5));
        var truncated = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.read(dir, FashionMnist.Split.TRAIN, 1));
        assertTrue(truncated.getMessage().contains("truncated") && truncated.getMessage().contains(images.toString()),
                truncated.getMessage());
    }

    /** The Debian package .ci/run installs: the published split sizes and perfectly balanced classes. */
    @Test
    void installedDatasetIsFashionMnist() {
        FashionMnist.Items train = FashionMnist.read(FashionMnist.DEBIAN_DIR, FashionMnist.Split.TRAIN, 100_000);
        FashionMnist.Items test = FashionMnist.read(FashionMnist.DEBIAN_DIR, FashionMnist.Split.TEST, 100_000);
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        int[] trainCounts = new int[10];
        int[] testCounts = new int[10];
        for (int y : train.labels()) {
            trainCounts[y]++;
        }
        for (int y : test.labels()) {
            testCounts[y]++;
        }
        for (int k = 0; k < 10; k++) {
            assertEquals(6000, trainCounts[k], "training items of class " + k);
            assertEquals(1000, testCounts[k], "test items of class " + k);
        }
        float max = 0;
        for (float v : train.images()[0]) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertTrue(max > 0.5, "the first garment has bright pixels");
    }

    private static void writeIdx(Path dir, String prefix, byte[][] pixels, int[] labels, boolean gzip) throws IOException {
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(img)) {
            d.writeInt(0x803);
            d.writeInt(pixels.length);
            d.writeInt(28);
            d.writeInt(28);
            for (byte[] p : pixels) {
                d.write(p);
            }
        }
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(lab)) {
            d.writeInt(0x801);
            d.writeInt(labels.length);
            for (int y : labels) {
                d.writeByte(y);
            }
        }
        write(dir.resolve(prefix + "-images-idx3-ubyte" + (gzip ? ".gz" : "")), img.toByteArray(), gzip);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + (gzip ? ".gz" : "")), lab.toByteArray(), gzip);
    }

    private static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
