package org.dl4jsaliency.spark;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Tiny grey PNGs like the demo model's inputs: noise around 0.5 holding a black or a white square, or none. */
final class TestImages {
    private TestImages() {
    }

    /** Writes {@code count} 16×16 images into {@code folder} as image-00.png, …, cycling black, white, none. */
    static void write(Path folder, int count, long seed) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
            int top = 1 + random.nextInt(10);
            int left = 1 + random.nextInt(10);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    boolean square = y >= top && y < top + 4 && x >= left && x < left + 4;
                    int grey = 128 + random.nextInt(15) - 7;
                    int v = square && i % 3 == 0 ? 0 : square && i % 3 == 1 ? 255 : grey;
                    img.getRaster().setSample(x, y, 0, v);
                }
            }
            ImageIO.write(img, "png", folder.resolve(String.format("image-%02d.png", i)).toFile());
        }
    }

    /** Writes {@code region} as a black-and-white PNG mask (white = in the region). */
    static void writeMask(Path file, boolean[][] region) throws IOException {
        BufferedImage img = new BufferedImage(region[0].length, region.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < region.length; y++) {
            for (int x = 0; x < region[y].length; x++) {
                img.getRaster().setSample(x, y, 0, region[y][x] ? 255 : 0);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }
}
