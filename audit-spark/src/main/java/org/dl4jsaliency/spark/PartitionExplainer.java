package org.dl4jsaliency.spark;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.dl4jsaliency.MethodSpec;
import org.dl4jsaliency.audit.AuditPlan;
import org.dl4jsaliency.engine.NonFiniteValueException;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.images.ImageFiles;
import org.dl4jsaliency.images.NpyArrays;
import org.dl4jsaliency.measures.IntensityCorrelation;
import org.dl4jsaliency.measures.RegionShares;
import org.dl4jsaliency.measures.ZeroPointMass;
import org.dl4jsaliency.methods.Attribution;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.probes.InputSpace;
import org.dl4jsaliency.probes.ModelInput;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Explains the images (and .npy arrays of model inputs) of one partition, {@code batch} at a time, with the JVM's shared explainer: decodes
 * each image as the command line does ({@link ImageFiles}: resized to the model's input, display
 * intensities in [0, 1]), explains it with every method for the configured or predicted class, and
 * measures each map per image (zero-point mass, intensity correlation, and the relevance share in its
 * mask when it has one). An image that cannot be read or
 * decoded, or whose batch gives NaN/Inf, gets one error row per method instead of failing the task.
 */
final class PartitionExplainer implements FlatMapFunction<Iterator<ImageInput>, Row> {
    private final ExplainSettings settings;
    private final Broadcast<byte[]> model;
    private final String modelName;
    private final String modelSha;

    PartitionExplainer(ExplainSettings settings, Broadcast<byte[]> model, String modelName, String modelSha) {
        this.settings = settings;
        this.model = model;
        this.modelName = modelName;
        this.modelSha = modelSha;
    }

    /** The partition's rows, produced a batch at a time as Spark consumes them (no partition is held whole). */
    @Override
    public Iterator<Row> call(Iterator<ImageInput> images) {
        ExecutorModels.Loaded loaded = ExecutorModels.get(modelName, modelSha, model.value(), settings.inputShape(),
                settings.precision());
        InputSpace space = settings.space();
        List<AttributionMethod> methods = settings.methods().stream()
                .map(s -> AuditPlan.method(MethodSpec.parse(s), space)).toList();
        return new Iterator<>() {
            private Iterator<Row> batchRows = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!batchRows.hasNext() && images.hasNext()) {
                    batchRows = nextBatch(images, loaded, methods).iterator();
                }
                return batchRows.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no more explanation rows in this partition");
                }
                return batchRows.next();
            }
        };
    }

    /** The rows of the next {@code --batch} images (and of any .npy file met on the way). */
    private List<Row> nextBatch(Iterator<ImageInput> images, ExecutorModels.Loaded loaded,
                                List<AttributionMethod> methods) {
        List<Row> rows = new ArrayList<>();
        try {
            Path scratch = Files.createTempDirectory("audit-spark-images");
            try {
                List<ImageInput> batch = new ArrayList<>(settings.batch());
                while (batch.size() < settings.batch() && images.hasNext()) {
                    ImageInput next = images.next();
                    if (next.fileName().toLowerCase(Locale.ROOT).endsWith(".npy")) {
                        explainNpy(next, loaded, methods, scratch, rows);
                    } else {
                        batch.add(next);
                    }
                }
                if (!batch.isEmpty()) {
                    explainBatch(batch, loaded, methods, scratch, rows);
                }
            } finally {
                Files.deleteIfExists(scratch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use a scratch folder for decoding", e);
        }
        return rows;
    }

    private void explainBatch(List<ImageInput> batch, ExecutorModels.Loaded loaded, List<AttributionMethod> methods,
                              Path scratch, List<Row> rows) {
        List<String> paths = new ArrayList<>();
        List<INDArray> displays = new ArrayList<>();
        List<boolean[][]> regions = new ArrayList<>();
        for (ImageInput image : batch) {
            try {
                INDArray display = decode(image.path(), image.bytes(), image.readError(), settings.inputShape()[0],
                        scratch);
                regions.add(image.mask() == null ? null : region(image, scratch));
                displays.add(display);
                paths.add(image.path());
            } catch (IllegalArgumentException e) {
                failAll(image.path(), e.getMessage(), rows);
            }
        }
        if (paths.isEmpty()) {
            return;
        }
        INDArray display = Nd4j.concat(0, displays.toArray(INDArray[]::new));
        InputSpace space = settings.space();
        INDArray x = loaded.input().fromNchw(space.toModel(display, loaded.explainer().engine().dataType()));
        try {
            rows.addAll(explain(paths, x, space.toModel(display, DataType.DOUBLE), display, regions, loaded, methods));
        } catch (NonFiniteValueException e) {
            // NaN/Inf in a logit or map is a property of these inputs: their rows say so and the job goes
            // on. Anything else (a model that does not take the input shape) is the job's problem and
            // fails the task, which Spark retries and then reports.
            for (String path : paths) {
                failAll(path, "cannot explain " + path + ": " + e.getMessage(), rows);
            }
        }
    }

    /**
     * Explains the examples of one .npy file (model inputs in the model's layout, as {@code explain --input
     * x.npy} reads them), {@code --batch} at a time, as rows named {@code path#index}. A file that cannot be
     * read or does not hold the model's input shape gives error rows under its own path.
     */
    private void explainNpy(ImageInput file, ExecutorModels.Loaded loaded, List<AttributionMethod> methods,
                            Path scratch, List<Row> rows) {
        INDArray all;
        try {
            all = readNpy(file, scratch);
        } catch (IllegalArgumentException e) {
            failAll(file.path(), e.getMessage(), rows);
            return;
        }
        ModelInput in = loaded.input();
        long[] example = in.fromNchw(Nd4j.zeros(1, in.channels(), in.height(), in.width())).shape();
        long[] shape = all.shape();
        if (shape.length != example.length
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), Arrays.copyOfRange(example, 1, example.length))) {
            failAll(file.path(), file.path() + " holds an array of shape " + Arrays.toString(shape) + "; the model takes "
                    + "[N, " + Arrays.toString(Arrays.copyOfRange(example, 1, example.length)).substring(1), rows);
            return;
        }
        InputSpace space = settings.space();
        for (long start = 0; start < shape[0]; start += settings.batch()) {
            long end = Math.min(shape[0], start + settings.batch());
            INDArray x = all.get(NDArrayIndex.interval(start, end)).castTo(loaded.explainer().engine().dataType()).dup('c');
            INDArray modelInput = in.toNchw(x).castTo(DataType.DOUBLE);
            List<String> paths = new ArrayList<>();
            List<boolean[][]> regions = new ArrayList<>();
            for (long i = start; i < end; i++) {
                paths.add(file.path() + "#" + i);
                regions.add(null);
            }
            try {
                rows.addAll(explain(paths, x, modelInput, space.toDisplay(modelInput), regions, loaded, methods));
            } catch (NonFiniteValueException | IllegalArgumentException e) {
                // Arrays carry what images cannot: NaN/Inf inputs, which the engine refuses. Their rows say so.
                for (String path : paths) {
                    failAll(path, "cannot explain " + path + ": " + e.getMessage(), rows);
                }
            }
        }
    }

    private static INDArray readNpy(ImageInput file, Path scratch) {
        if (file.bytes() == null) {
            throw new IllegalArgumentException(file.readError());
        }
        Path copy = scratch.resolve(file.fileName());
        try {
            Files.write(copy, file.bytes());
            return NpyArrays.read(copy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a scratch copy of " + file.path(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(copy.toString(), file.path()), e);
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete scratch copy " + copy, e);
            }
        }
    }

    /**
     * The rows of one batch: {@code x} the model inputs in the model's layout and type, {@code modelInput}
     * the same in NCHW double (for the zero-point set), {@code display} their display intensities NCHW.
     */
    private List<Row> explain(List<String> paths, INDArray x, INDArray modelInput, INDArray display,
                              List<boolean[][]> regions, ExecutorModels.Loaded loaded, List<AttributionMethod> methods) {
        InputSpace space = settings.space();
        Targets targets = Targets.perExample(targets(x, loaded));
        INDArray reference = loaded.input().toNchw(loaded.explainer().explain(x, targets, settings.reference()).map());
        List<boolean[][]> zeroSets = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            zeroSets.add(ZeroPointMass.usedZeroPixels(modelInput, space, reference, i));
        }
        double[] z0 = settings.zeroPoint();
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            Attribution a = loaded.explainer().explain(x, targets, methods.get(m));
            INDArray map = loaded.input().toNchw(a.map());
            for (int i = 0; i < paths.size(); i++) {
                boolean[][] zeroSet = zeroSets.get(i);
                rows.add(ExplanationRows.explained(paths.get(i), settings.methods().get(m), a.targets()[i],
                        a.scores().getDouble(i), ZeroPointMass.count(zeroSet),
                        ZeroPointMass.of(Maps.magnitudeSum(map, i), zeroSet),
                        IntensityCorrelation.of(map, display, i, z0),
                        regions.get(i) == null ? Double.NaN : RegionShares.of(
                                map.get(NDArrayIndex.interval(i, i + 1)), List.<boolean[][]>of(regions.get(i)))[0],
                        settings.maps() ? flatFloats(map, i) : null));
            }
        }
        return rows;
    }

    /** The configured class, else each image's predicted class (resolved once for every method and the reference). */
    private int[] targets(INDArray x, ExecutorModels.Loaded loaded) {
        int n = (int) x.size(0);
        int[] t = new int[n];
        if (settings.target() != null) {
            java.util.Arrays.fill(t, settings.target());
            return t;
        }
        INDArray logits = loaded.explainer().engine().logits(x);
        for (int i = 0; i < n; i++) {
            t[i] = logits.getRow(i).argMax().getInt(0);
        }
        return t;
    }

    /**
     * The display image [1, C, H, W] of a file's bytes, decoded by {@link ImageFiles} from a scratch copy
     * (it reads files; the bytes may come from any file system) at the model's size.
     *
     * @throws IllegalArgumentException naming {@code path} when it cannot be read or decoded
     */
    private INDArray decode(String path, byte[] bytes, String readError, int channels, Path scratch) {
        if (bytes == null) {
            throw new IllegalArgumentException(readError);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        Path copy = scratch.resolve(name.isEmpty() ? "image" : name);
        try {
            Files.write(copy, bytes);
            int[] s = settings.inputShape();
            return ImageFiles.read(copy, channels, s[1], s[2]).display();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a scratch copy of " + path, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(copy.toString(), path), e);
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete scratch copy " + copy, e);
            }
        }
    }

    /** The region of {@code image}'s mask: its pixels of luminance at least ½ at the model's size. */
    private boolean[][] region(ImageInput image, Path scratch) {
        double[][] mask;
        try {
            mask = decode(image.path(), image.mask(), null, 1, scratch)
                    .get(NDArrayIndex.point(0), NDArrayIndex.point(0)).toDoubleMatrix();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the mask of " + image.path() + " cannot be used: " + e.getMessage(), e);
        }
        boolean[][] region = new boolean[mask.length][mask[0].length];
        for (int r = 0; r < mask.length; r++) {
            for (int c = 0; c < mask[r].length; c++) {
                region[r][c] = mask[r][c] >= 0.5;
            }
        }
        return region;
    }

    private void failAll(String path, String error, List<Row> rows) {
        for (String method : settings.methods()) {
            rows.add(ExplanationRows.failed(path, method, error));
        }
    }

    private static float[] flatFloats(INDArray nchw, int i) {
        return nchw.get(NDArrayIndex.point(i)).castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
