package org.dl4jsaliency.reproduction;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Xiao et al. 2017) read from its IDX files, as Debian's {@code dataset-fashion-mnist}
 * installs them in {@link #DEBIAN_DIR} ({@code train-images-idx3-ubyte.gz} and friends; uncompressed
 * files are read too). Pixels come back as intensities in [0, 1] (byte / 255), 28 × 28, row-major.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int SIDE = 28;
    public static final int CLASSES = 10;
    /** The class names in label order, from the dataset's README. */
    public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot"};
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    /** The training (60 000 items) or test (10 000 items) split. */
    public enum Split {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * Items of one split: {@code images[i]} is SIDE·SIDE intensities in [0, 1], {@code labels[i]} in 0..9.
     *
     * @param images row-major pixels per item
     * @param labels the class per item
     */
    public record Items(float[][] images, int[] labels) {
        public int size() {
            return labels.length;
        }
    }

    private FashionMnist() {
    }

    /**
     * Reads the first {@code limit} items of a split from {@code dir}.
     *
     * @throws IllegalArgumentException when the files are missing (the message says how to install them)
     *                                  or are not Fashion-MNIST IDX files (the message names the file)
     */
    public static Items read(Path dir, Split split, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("Fashion-MNIST: asked for " + limit + " items; need at least 1");
        }
        Path images = find(dir, split.prefix + "-images-idx3-ubyte");
        Path labels = find(dir, split.prefix + "-labels-idx1-ubyte");
        int[] y = readLabels(labels, limit);
        float[][] x = readImages(images, y.length);
        return new Items(x, y);
    }

    /** Checks that {@code dir} holds all four files, before any long work starts. */
    public static void requirePresent(Path dir) {
        for (Split s : Split.values()) {
            find(dir, s.prefix + "-images-idx3-ubyte");
            find(dir, s.prefix + "-labels-idx1-ubyte");
        }
    }

    /** The file, gzipped or not; a missing one is an error that says how to get the data. */
    private static Path find(Path dir, String name) {
        for (Path p : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Fashion-MNIST file " + name + "(.gz) not found in " + dir
                + ": install Debian's package with `sudo apt-get install dataset-fashion-mnist` (files in "
                + DEBIAN_DIR + ") or point --data at a folder holding the four IDX files");
    }

    private static int[] readLabels(Path file, int limit) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw notIdx(file, "label", magic);
            }
            int n = in.readInt();
            if (n < 1) {
                throw new IllegalArgumentException("Fashion-MNIST file " + file + " declares " + n + " labels");
            }
            int[] y = new int[Math.min(n, limit)];
            for (int i = 0; i < y.length; i++) {
                y[i] = in.readUnsignedByte();
                if (y[i] >= CLASSES) {
                    throw new IllegalArgumentException("Fashion-MNIST file " + file + ": label " + y[i] + " of item " + i
                            + " is not a class 0.." + (CLASSES - 1));
                }
            }
            return y;
        } catch (EOFException e) {
            throw truncated(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Fashion-MNIST file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static float[][] readImages(Path file, int count) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw notIdx(file, "image", magic);
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (rows != SIDE || cols != SIDE) {
                throw new IllegalArgumentException("Fashion-MNIST file " + file + " holds " + rows + "x" + cols
                        + " images; expected " + SIDE + "x" + SIDE);
            }
            if (n < count) {
                throw new IllegalArgumentException("Fashion-MNIST file " + file + " holds " + n + " images but its "
                        + "label file " + count + ": the two do not belong together");
            }
            float[][] x = new float[count][SIDE * SIDE];
            byte[] buf = new byte[SIDE * SIDE];
            for (int i = 0; i < count; i++) {
                in.readFully(buf);
                for (int p = 0; p < buf.length; p++) {
                    x[i][p] = (buf[p] & 0xff) / 255f;
                }
            }
            return x;
        } catch (EOFException e) {
            throw truncated(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Fashion-MNIST file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new DataInputStream(file.getFileName().toString().endsWith(".gz")
                ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw);
    }

    private static IllegalArgumentException notIdx(Path file, String kind, int magic) {
        return new IllegalArgumentException(String.format("Fashion-MNIST file %s is not an IDX %s file (magic 0x%08x)",
                file, kind, magic));
    }

    private static IllegalArgumentException truncated(Path file) {
        return new IllegalArgumentException("Fashion-MNIST file " + file + " is truncated");
    }
}
