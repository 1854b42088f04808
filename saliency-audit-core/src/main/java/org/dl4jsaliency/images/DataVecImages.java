package org.dl4jsaliency.images;

import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.datavec.image.loader.NativeImageLoader;
import org.datavec.image.recordreader.ImageRecordReader;
import org.dl4jsaliency.probes.InputSpace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Users' labelled images through DataVec, as an {@link ImageBatch} with true labels:
 * <ul>
 *   <li>{@link #readLabelledFolder}: a folder with one subfolder per class, read by DataVec's
 *   {@link ImageRecordReader} with a {@link ParentPathLabelGenerator}, as a DL4J training pipeline would
 *   read it (OpenCV's decoding and bilinear resize);</li>
 *   <li>{@link #fromIterator}: the examples of any {@link DataSetIterator}, whose features are model inputs
 *   under a declared {@link InputSpace}.</li>
 * </ul>
 * Every problem with the input is an {@link IllegalArgumentException} naming the file, folder, batch or
 * example at fault.
 */
public final class DataVecImages {
    /** Values within this distance outside [0, 1] are float rounding of the preprocessing, not a mismatch. */
    private static final double DISPLAY_TOLERANCE = 1e-5;

    private DataVecImages() {
    }

    /**
     * Reads {@code root}, laid out one subfolder per class ({@code root/cat/a.png}, {@code root/dog/b.jpg}), as
     * an [N, channels, height, width] batch of display intensities in [0, 1], RGB for 3 channels (DataVec
     * decodes colour as BGR; the channels are swapped back so the batch matches {@link ImageFiles}), resized
     * bilinearly by OpenCV when an image is not height×width.
     * <p>
     * Examples are in class folder order, then file name order; each is named by its path relative to
     * {@code root} with '/' separators ({@code cat/a.png}). Class indices are DataVec's: the position of the
     * folder name in sorted (string) order, so folders {@code 2} and {@code 10} are classes 1 and 0; the
     * batch's {@link ImageBatch#classNames()} lists them in that order. Hidden files and folders (names
     * starting with '.') are ignored.
     *
     * @param channels 1 (gray; colour images are converted to luma by OpenCV) or 3
     * @throws IllegalArgumentException naming the offending path: {@code root} is not a folder or has no class
     *                                  subfolders, a file lies outside the class subfolders, a class folder
     *                                  holds a folder, no images or a file that is not an image in one of
     *                                  DataVec's formats (GIF is refused: DataVec 1.0.0-M2.1 cannot decode it),
     *                                  or an image cannot be decoded or has more than 8 bits per sample
     */
    public static ImageBatch readLabelledFolder(Path root, int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images convert to 1 or 3 channels, not " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "×" + width);
        }
        List<Path> files = labelledFiles(root);
        ImageRecordReader reader = new ImageRecordReader(height, width, channels, new ParentPathLabelGenerator());
        reader.setLogLabelCountOnInit(false);
        try {
            reader.initialize(new CollectionInputSplit(files.stream().map(Path::toUri).toList()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read labelled folder " + root + ": " + e.getMessage(), e);
        }
        List<String> classNames = List.copyOf(reader.getLabels());
        INDArray display = Nd4j.create(DataType.DOUBLE, files.size(), channels, height, width);
        int[] labels = new int[files.size()];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            // The reader visits the split's files in order, so files.get(i) is the one it is about to read.
            Path file = files.get(i);
            List<Writable> values;
            try {
                values = reader.next();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalArgumentException("cannot read image " + file + " through DataVec: "
                        + cause.getMessage(), e);
            }
            INDArray image = ((NDArrayWritable) values.get(0)).get().castTo(DataType.DOUBLE);
            if (image.maxNumber().doubleValue() > 255) {
                throw new IllegalArgumentException("image " + file + " has samples above 255 (more than 8 bits per "
                        + "sample); DataVec passes them on unscaled: save it with 8 bits per sample");
            }
            image.divi(255.0);
            if (channels == 3) {
                // OpenCV's order is B, G, R: reversed, the channels are R, G, B as ImageFiles gives them.
                image = image.get(NDArrayIndex.all(), new SpecifiedIndex(2, 1, 0), NDArrayIndex.all(), NDArrayIndex.all());
            }
            display.get(NDArrayIndex.point(i)).assign(image.reshape(channels, height, width));
            labels[i] = values.get(1).toInt();
            names.add(root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"));
        }
        return new ImageBatch(display, names, labels, classNames);
    }

    /**
     * The first {@code limit} examples of {@code iterator} (from where it stands; it is not reset), whose
     * features are NCHW model inputs under {@code space}: display = {@code space.toDisplay(features)}, which must
     * lie in [0, 1] (a preprocessing that does not match the iterator's is an error, not a clipped batch). The
     * display keeps the features' channel order (an iterator over DataVec's {@code ImageRecordReader} gives
     * BGR). Labels are the argmax of one-hot (or soft) label rows, or the value of a single label column that
     * holds class indices; class names are the iterator's {@code getLabels()} when it has them. Examples are
     * named {@code example-0}, {@code example-1}, ... in order.
     *
     * @param limit the most examples to read (at least 1)
     * @throws IllegalArgumentException naming the batch or example: no examples, features missing or not
     *                                  rank 4, a shape that differs from the first batch's, channels the
     *                                  space does not declare, NaN/Inf, a display value outside [0, 1],
     *                                  labels missing or of the wrong shape, a label row without a single
     *                                  largest value, a label column that is not a class index, or class
     *                                  names that do not match the label columns
     */
    public static ImageBatch fromIterator(DataSetIterator iterator, InputSpace space, int limit) {
        return fromIterator(iterator, space, limit, null);
    }

    /**
     * As {@link #fromIterator(DataSetIterator, InputSpace, int)}, also requiring the features to be
     * [N, channels, height, width], the model's input shape.
     *
     * @throws IllegalArgumentException as there, and naming the batch whose shape is not the one required
     */
    public static ImageBatch fromIterator(DataSetIterator iterator, InputSpace space, int limit, int channels,
                                          int height, int width) {
        return fromIterator(iterator, space, limit, new long[] {channels, height, width});
    }

    private static ImageBatch fromIterator(DataSetIterator iterator, InputSpace space, int limit, long[] chw) {
        if (limit < 1) {
            throw new IllegalArgumentException("the example limit must be at least 1, got " + limit);
        }
        List<INDArray> displays = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int labelColumns = -1;
        long[] shape = chw;
        int batchIndex = 0;
        while (labels.size() < limit && iterator.hasNext()) {
            DataSet batch = iterator.next();
            String where = "batch " + batchIndex + " of the DataSetIterator";
            INDArray features = batch.getFeatures();
            if (features == null) {
                throw new IllegalArgumentException(where + " has no features");
            }
            if (features.rank() != 4) {
                throw new IllegalArgumentException(where + " has features of shape " + Arrays.toString(features.shape())
                        + "; images must be rank 4, NCHW [N, C, H, W]");
            }
            long[] own = Arrays.copyOfRange(features.shape(), 1, 4);
            if (shape == null) {
                shape = own;
            } else if (!Arrays.equals(own, shape)) {
                long[] nhwc = {own[2], own[0], own[1]};
                throw new IllegalArgumentException(where + " has features of shape " + Arrays.toString(features.shape())
                        + "; expected [N, " + shape[0] + ", " + shape[1] + ", " + shape[2] + "]"
                        + (chw != null ? " (the model's input)" : " (the first batch's)")
                        + (Arrays.equals(nhwc, shape) ? ": these look NHWC; images must be NCHW" : ""));
            }
            if (space.channels() != 1 && space.channels() != own[0]) {
                throw new IllegalArgumentException(where + " has " + own[0] + " channels; the preprocessing ("
                        + space + ") declares " + space.channels());
            }
            INDArray labelArray = batch.getLabels();
            if (labelArray == null) {
                throw new IllegalArgumentException(where + " has no labels; the examples' true classes are needed");
            }
            long n = features.size(0);
            if (labelArray.rank() != 2 || labelArray.size(0) != n) {
                throw new IllegalArgumentException(where + " has labels of shape " + Arrays.toString(labelArray.shape())
                        + " for " + n + " examples; expected [" + n + ", classes] (one-hot) or [" + n + ", 1] (indices)");
            }
            if (labelColumns < 0) {
                labelColumns = (int) labelArray.size(1);
            } else if (labelArray.size(1) != labelColumns) {
                throw new IllegalArgumentException(where + " has " + labelArray.size(1) + " label columns; the first "
                        + "batch had " + labelColumns);
            }
            if (n == 0) {
                batchIndex++;
                continue;
            }
            int take = (int) Math.min(n, limit - labels.size());
            INDArray x = features.get(NDArrayIndex.interval(0, take), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all());
            double[][] y = labelArray.get(NDArrayIndex.interval(0, take), NDArrayIndex.all())
                    .castTo(DataType.DOUBLE).toDoubleMatrix();
            int first = labels.size();
            for (int i = 0; i < take; i++) {
                labels.add(label(y[i], "example " + (first + i) + " (" + where + ")"));
            }
            displays.add(display(x, space, first, where));
            batchIndex++;
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("the DataSetIterator has no examples"
                    + (batchIndex == 0 ? " left (an exhausted iterator needs reset())" : ""));
        }
        List<String> classNames = classNames(iterator, labelColumns, labels);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            names.add("example-" + i);
        }
        INDArray display = displays.size() == 1 ? displays.get(0) : Nd4j.concat(0, displays.toArray(INDArray[]::new));
        return new ImageBatch(display, names, labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    /** The examples' display intensities, checked finite and within [0, 1] (rounding clamped away). */
    private static INDArray display(INDArray features, InputSpace space, int first, String where) {
        INDArray x = features.castTo(DataType.DOUBLE);
        double[] flat = x.dup('c').data().asDouble();
        long perExample = flat.length / x.size(0);
        for (int j = 0; j < flat.length; j++) {
            if (!Double.isFinite(flat[j])) {
                throw new IllegalArgumentException("example " + (first + j / perExample) + " (" + where
                        + ") has a non-finite feature value " + flat[j]);
            }
        }
        INDArray d = space.toDisplay(x);
        double lo = d.minNumber().doubleValue();
        double hi = d.maxNumber().doubleValue();
        if (lo < -DISPLAY_TOLERANCE || hi > 1 + DISPLAY_TOLERANCE) {
            double[] dflat = d.data().asDouble();
            int j = 0;
            while (dflat[j] >= -DISPLAY_TOLERANCE && dflat[j] <= 1 + DISPLAY_TOLERANCE) {
                j++;
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT, "example %d (%s) has feature value %s, display "
                            + "intensity %s outside [0, 1] under the declared preprocessing (%s): declare the "
                            + "preprocessing the iterator applies (its features range over [%s, %s])",
                    first + j / perExample, where, flat[j], dflat[j], space,
                    x.minNumber(), x.maxNumber()));
        }
        return Transforms.min(Transforms.max(d, 0.0, false), 1.0, false);
    }

    /** The class of one label row: a class index in a single column, else the row's unique argmax. */
    private static int label(double[] row, String where) {
        for (double v : row) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(where + " has a non-finite label " + Arrays.toString(row));
            }
        }
        if (row.length == 1) {
            if (row[0] < 0 || row[0] != Math.rint(row[0]) || row[0] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + " has label " + row[0] + " in a single label column, "
                        + "which must hold a class index (0, 1, ...)");
            }
            return (int) row[0];
        }
        int best = 0;
        int ties = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
                ties = 0;
            } else if (row[c] == row[best]) {
                ties++;
            }
        }
        if (ties > 0) {
            // An all-zero row (padding, a missing label) would otherwise read as class 0.
            throw new IllegalArgumentException(where + " has label row " + Arrays.toString(row)
                    + " without a single largest value, so no class");
        }
        return best;
    }

    /** The iterator's class names when it has some that fit its labels, else none. */
    private static List<String> classNames(DataSetIterator iterator, int labelColumns, List<Integer> labels) {
        List<String> declared;
        try {
            declared = iterator.getLabels();
        } catch (UnsupportedOperationException e) {
            // Many iterators do not know their class names; the labels stand without them.
            return List.of();
        }
        if (declared == null || declared.isEmpty()) {
            return List.of();
        }
        int classes = labelColumns == 1 ? labels.stream().mapToInt(Integer::intValue).max().orElse(0) + 1 : labelColumns;
        if (labelColumns == 1 ? declared.size() < classes : declared.size() != labelColumns) {
            throw new IllegalArgumentException("the DataSetIterator names " + declared.size() + " classes "
                    + declared + " but its labels " + (labelColumns == 1 ? "use class " + (classes - 1)
                    : "have " + labelColumns + " columns"));
        }
        return declared;
    }

    /** The image files of a labelled folder, class folder by class folder, each sorted by name. */
    private static List<Path> labelledFiles(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("labelled images: " + root + " is not a folder");
        }
        List<Path> files = new ArrayList<>();
        boolean anyClass = false;
        for (Path entry : visible(root)) {
            if (!Files.isDirectory(entry)) {
                throw new IllegalArgumentException("file " + entry + " is not in a class subfolder: a labelled folder "
                        + "holds one subfolder per class (" + root + "/<class>/<image>)");
            }
            anyClass = true;
            List<Path> images = new ArrayList<>();
            for (Path f : visible(entry)) {
                if (Files.isDirectory(f)) {
                    throw new IllegalArgumentException("folder " + f + " is inside class folder " + entry
                            + ": a class folder holds images only");
                }
                if (extension(f).equals("gif")) {
                    // OpenCV has no GIF decoder, and DataVec's Leptonica fallback receives a 1-byte buffer
                    // (NativeImageLoader passes Mat.cols() of a column vector as the size), so every GIF fails.
                    throw new IllegalArgumentException("file " + f + " is a GIF, which DataVec "
                            + "1.0.0-M2.1's ImageRecordReader cannot decode: convert it to PNG");
                }
                if (!formats().contains(extension(f))) {
                    throw new IllegalArgumentException("file " + f + " is not an image DataVec reads ("
                            + String.join(", ", formats()) + "): remove it from class folder " + entry);
                }
                images.add(f);
            }
            if (images.isEmpty()) {
                throw new IllegalArgumentException("class folder " + entry + " holds no images; DataVec would "
                        + "drop the class and renumber the classes after it");
            }
            files.addAll(images);
        }
        if (!anyClass) {
            throw new IllegalArgumentException("labelled images: folder " + root + " has no class subfolders "
                    + "(expected " + root + "/<class>/<image>)");
        }
        return files;
    }

    /** The entries of {@code folder} not hidden, sorted by name. */
    private static List<Path> visible(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The file name's extension, lower case; empty when it has none. */
    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** DataVec's image formats but GIF, lower case (its own list repeats them in upper case). */
    private static List<String> formats() {
        return Arrays.stream(NativeImageLoader.ALLOWED_FORMATS).map(f -> f.toLowerCase(Locale.ROOT))
                .filter(f -> !f.equals("gif")).distinct().toList();
    }
}
