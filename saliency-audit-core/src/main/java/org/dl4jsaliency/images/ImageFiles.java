package org.dl4jsaliency.images;

import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads image files as a model batch: one file, or every image in a folder (by file name), each
 * resized bilinearly to H×W and converted to 1 channel (luminance) or 3 (RGB), as display
 * intensities in [0, 1]. Alpha is ignored.
 */
public final class ImageFiles {
    /** The file name extensions read from a folder (any case). */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");

    /** ITU-R BT.601 luma weights, the ones PIL's {@code convert("L")} uses. */
    private static final double[] LUMA = {0.299, 0.587, 0.114};

    private ImageFiles() {
    }

    /**
     * Reads {@code fileOrFolder} as an [N, channels, height, width] batch.
     *
     * @throws IllegalArgumentException naming the file that cannot be read, or a folder without images
     */
    public static ImageBatch read(Path fileOrFolder, int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images convert to 1 or 3 channels, not " + channels);
        }
        List<Path> files = Files.isDirectory(fileOrFolder) ? list(fileOrFolder) : List.of(fileOrFolder);
        double[][][][] batch = new double[files.size()][][][];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            double[][][] image = toChannels(decode(files.get(i)), channels);
            batch[i] = new double[channels][][];
            for (int c = 0; c < channels; c++) {
                batch[i][c] = resize(image[c], height, width);
            }
            names.add(files.get(i).getFileName().toString());
        }
        return new ImageBatch(Nd4j.createFromArray(batch), names);
    }

    /** The image files directly in {@code folder}, sorted by name. */
    static List<Path> list(Path folder) {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> Files.isRegularFile(p) && EXTENSIONS.contains(extension(p))).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list image folder " + folder + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images (" + String.join(", ", EXTENSIONS) + ") in folder " + folder);
        }
        return files;
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** [channel][row][column] intensities at the file's own size: 1 channel for gray images, else 3. */
    static double[][][] decode(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IllegalArgumentException("cannot read image " + file + ": not a PNG, JPEG, BMP or GIF image");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        if (img.getColorModel().getNumColorComponents() == 1 && !(img.getColorModel() instanceof IndexColorModel)) {
            // Gray samples straight from the raster: getRGB would pass them through a colour space
            // conversion and change the values (and drop 16-bit precision).
            Raster r = img.getRaster();
            double max = (1L << r.getSampleModel().getSampleSize(0)) - 1;
            double[][] gray = new double[h][w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    gray[y][x] = r.getSample(x, y, 0) / max;
                }
            }
            return new double[][][] {gray};
        }
        double[][][] rgb = new double[3][h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                rgb[0][y][x] = ((p >> 16) & 0xff) / 255.0;
                rgb[1][y][x] = ((p >> 8) & 0xff) / 255.0;
                rgb[2][y][x] = (p & 0xff) / 255.0;
            }
        }
        return rgb;
    }

    /** {@code image} (1 or 3 channels) as {@code channels} channels: gray repeated, or RGB to luminance. */
    static double[][][] toChannels(double[][][] image, int channels) {
        if (image.length == channels) {
            return image;
        }
        if (channels == 3) {
            return new double[][][] {image[0], image[0], image[0]};
        }
        int h = image[0].length;
        int w = image[0][0].length;
        double[][] gray = new double[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                gray[y][x] = LUMA[0] * image[0][y][x] + LUMA[1] * image[1][y][x] + LUMA[2] * image[2][y][x];
            }
        }
        return new double[][][] {gray};
    }

    /**
     * Bilinear resize with pixel centres aligned (align-corners = false, as PyTorch's
     * {@code interpolate} and OpenCV's {@code INTER_LINEAR}): output pixel o samples input position
     * (o + ½)·in/out − ½, clamped to the image. Same size gives the image back exactly. Strong
     * downscaling samples rather than averages, as those libraries do.
     */
    static double[][] resize(double[][] plane, int height, int width) {
        int h = plane.length;
        int w = plane[0].length;
        double[][] rows = new double[h][width];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < width; x++) {
                rows[y][x] = sample(plane[y], source(x, w, width));
            }
        }
        double[][] out = new double[height][width];
        double[] column = new double[h];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < h; y++) {
                column[y] = rows[y][x];
            }
            for (int y = 0; y < height; y++) {
                out[y][x] = sample(column, source(y, h, height));
            }
        }
        return out;
    }

    private static double source(int o, int in, int out) {
        return Math.min(in - 1, Math.max(0, (o + 0.5) * in / out - 0.5));
    }

    private static double sample(double[] line, double at) {
        int i0 = (int) Math.floor(at);
        int i1 = Math.min(i0 + 1, line.length - 1);
        // a + t·(b − a) rather than (1 − t)·a + t·b: exact when a = b, so flat areas stay flat.
        return line[i0] + (at - i0) * (line[i1] - line[i0]);
    }
}
