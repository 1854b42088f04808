package org.dl4jsaliency.spark;

import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dl4jsaliency.audit.AuditConfig;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodSpec;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.images.ImageFiles;
import org.dl4jsaliency.images.NpyArrays;
import org.dl4jsaliency.measures.IntensityCorrelation;
import org.dl4jsaliency.measures.RegionShares;
import org.dl4jsaliency.models.ModelFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distributed explain job at local[2] (two task threads, two attempts per task) on the demo model. */
class DistributedExplainTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MODEL = ROOT.resolve("zoo-configs/models/dark-square.zip");
    private static final List<String> METHODS = List.of("gradient", "gradient-x-input", "nobias-rectgrad:q=90");
    /** Faults the tests inject; tasks run in this JVM at local[2]. */
    private static final AtomicInteger FAULTS = new AtomicInteger();

    private static SparkSession spark;
    private static JavaSparkContext sc;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2,2]").appName("DistributedExplainTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static ExplainSettings settings(int batch, boolean maps) {
        return ExplainSettings.of(AuditConfig.read(ROOT.resolve("zoo-configs/default.json")), batch, maps)
                .withMethods(METHODS);
    }

    private List<Row> explainAndRead(JavaRDD<ImageInput> images, ExplainSettings settings, Path out) throws IOException {
        ParquetOutput.write(DistributedExplain.explain(spark, images, settings, MODEL.getFileName().toString(),
                Files.readAllBytes(MODEL)), out.toUri().toString());
        return spark.read().parquet(out.toUri().toString()).collectAsList();
    }

    private static String fileName(Row row) {
        String image = row.getAs(ExplanationRows.IMAGE);
        return image.substring(image.lastIndexOf('/') + 1);
    }

    @Test
    void mapsAndMeasuresEqualTheSingleJvmExplainerBitForBit() throws IOException {
        Path images = tmp.resolve("images");
        TestImages.write(images, 7, 3);
        ExplainSettings settings = settings(2, true);
        byte[] model = Files.readAllBytes(MODEL);
        ExecutorModels.get(MODEL.getFileName().toString(), DistributedExplain.sha256(model), model,
                settings.inputShape(), settings.precision());
        int builds = ExecutorModels.builds();
        List<Row> rows = explainAndRead(ImageInput.binaryFiles(sc, images.toUri().toString(), 3), settings,
                tmp.resolve("out"));
        assertTrue(Files.exists(tmp.resolve("out").resolve(ParquetOutput.SUCCESS)));
        assertEquals(builds, ExecutorModels.builds(), "the tasks built explainers instead of reusing the JVM's");

        // The single-JVM path: the whole folder as one batch through a fresh Explainer.
        Map<String, SingleJvmExplanations.Explanation> expected = SingleJvmExplanations.of(images, MODEL, settings);
        assertEquals(expected.size(), rows.size());
        int zeroPointImages = 0;
        for (Row row : rows) {
            String key = fileName(row) + " " + row.getAs(ExplanationRows.METHOD);
            SingleJvmExplanations.Explanation e = expected.get(key);
            assertNotNull(e, key);
            assertNull(row.getAs(ExplanationRows.ERROR), key);
            assertEquals(e.target(), (int) row.getAs(ExplanationRows.TARGET), key);
            assertEquals(e.logit(), (double) row.getAs(ExplanationRows.LOGIT), key);
            List<Float> actual = row.getList(row.fieldIndex(ExplanationRows.MAP));
            float[] actualMap = new float[actual.size()];
            for (int k = 0; k < actualMap.length; k++) {
                actualMap[k] = actual.get(k);
            }
            assertArrayEquals(e.map(), actualMap, key);
            assertEquals(e.zeroPointPixels(), (int) row.getAs(ExplanationRows.ZERO_POINT_PIXELS), key);
            if (e.zeroPointPixels() > 0) {
                zeroPointImages++;
                assertEquals(e.zeroPointMass(), (double) row.getAs(ExplanationRows.ZERO_POINT_MASS), key);
            } else {
                assertNull(row.getAs(ExplanationRows.ZERO_POINT_MASS), key);
            }
            assertEquals(e.intensityCorrelation(), (double) row.getAs(ExplanationRows.INTENSITY_CORRELATION), key);
        }
        assertTrue(zeroPointImages > 0, "no test image has zero-point pixels the reference marks as used");
    }

    @Test
    void aMaskGivesTheRelevanceShareInItsRegion() throws IOException {
        Path images = tmp.resolve("images");
        TestImages.write(images, 3, 19);
        Path masks = tmp.resolve("masks");
        Files.createDirectories(masks);
        // A mask for two of the three images: the left half of image-00, the top rows of image-01.
        boolean[][] left = new boolean[16][16];
        boolean[][] top = new boolean[16][16];
        for (int r = 0; r < 16; r++) {
            for (int c = 0; c < 16; c++) {
                left[r][c] = c < 8;
                top[r][c] = r < 5;
            }
        }
        TestImages.writeMask(masks.resolve("image-00.png"), left);
        TestImages.writeMask(masks.resolve("image-01.png"), top);
        ExplainSettings settings = settings(2, false);
        List<Row> rows = explainAndRead(ImageInput.withMasks(sc, ImageInput.binaryFiles(sc, images.toUri().toString(), 2),
                masks.toUri().toString()), settings, tmp.resolve("out"));
        assertEquals(3 * METHODS.size(), rows.size());
        Map<String, SingleJvmExplanations.Explanation> expected = SingleJvmExplanations.of(images, MODEL, settings);
        for (Row row : rows) {
            String name = fileName(row);
            String key = name + " " + row.getAs(ExplanationRows.METHOD);
            Double share = row.getAs(ExplanationRows.REGION_SHARE);
            if (name.equals("image-02.png")) {
                assertNull(share, key);
                continue;
            }
            float[] map = expected.get(key).map();
            boolean[][] region = name.equals("image-00.png") ? left : top;
            INDArray nchw = Nd4j.createFromArray(map).reshape(1, 1, 16, 16);
            assertEquals(RegionShares.of(nchw, List.<boolean[][]>of(region))[0], share, key);
        }
    }

    @Test
    void npyArraysOfModelInputsAreExplainedExampleByExample() throws IOException {
        Path images = tmp.resolve("images");
        TestImages.write(images, 3, 23);
        ExplainSettings settings = settings(2, true);
        INDArray x = settings.space().toModel(ImageFiles.read(images, 1, 16, 16).display(), DataType.FLOAT);
        Path arrays = Files.createDirectories(tmp.resolve("arrays"));
        Files.write(arrays.resolve("batch.npy"), NpyArrays.float32(x));
        Files.write(arrays.resolve("wrong.npy"), NpyArrays.float32(x.reshape(3, 16, 16)));
        List<Row> rows = explainAndRead(ImageInput.binaryFiles(sc, arrays.toUri().toString(), 2), settings,
                tmp.resolve("out"));
        assertEquals(4 * METHODS.size(), rows.size());
        Explainer explainer = Explainer.of(ModelFile.load(MODEL));
        INDArray logits = explainer.engine().logits(x);
        int[] predicted = new int[3];
        for (int i = 0; i < 3; i++) {
            predicted[i] = logits.getRow(i).argMax().getInt(0);
        }
        INDArray display = settings.space().toDisplay(x);
        for (Row row : rows) {
            String name = fileName(row);
            String method = row.getAs(ExplanationRows.METHOD);
            if (name.equals("wrong.npy")) {
                assertEquals(row.getAs(ExplanationRows.IMAGE) + " holds an array of shape [3, 16, 16]; the model takes "
                        + "[N, 1, 16, 16]", row.getAs(ExplanationRows.ERROR));
                continue;
            }
            int i = Integer.parseInt(name.substring("batch.npy#".length()));
            INDArray map = explainer.explain(x, Targets.perExample(predicted), MethodSpec.parse(method).create()).map();
            List<Float> actual = row.getList(row.fieldIndex(ExplanationRows.MAP));
            float[] actualMap = new float[actual.size()];
            for (int k = 0; k < actualMap.length; k++) {
                actualMap[k] = actual.get(k);
            }
            assertArrayEquals(map.get(NDArrayIndex.point(i)).dup('c').data().asFloat(), actualMap, name + " " + method);
            assertEquals(IntensityCorrelation.of(map, display, i, settings.zeroPoint()),
                    (double) row.getAs(ExplanationRows.INTENSITY_CORRELATION), name + " " + method);
        }
    }

    @Test
    void corruptAndUnreadableImagesGiveErrorRowsAndTheJobSucceeds() throws IOException {
        Path images = tmp.resolve("images");
        TestImages.write(images, 2, 5);
        byte[] good = Files.readAllBytes(images.resolve("image-00.png"));
        Files.write(images.resolve("truncated.png"), Arrays.copyOf(good, good.length / 2));
        Files.write(images.resolve("empty.png"), new byte[0]);
        Files.writeString(images.resolve("text.jpg"), "not an image");
        JavaRDD<ImageInput> inputs = ImageInput.binaryFiles(sc, images.toUri().toString(), 2)
                .union(sc.parallelize(List.of(new ImageInput("hdfs://gone/lost.png", null, "cannot read "
                        + "hdfs://gone/lost.png: connection refused"))));
        List<Row> rows = explainAndRead(inputs, settings(2, false), tmp.resolve("out"));
        assertTrue(Files.exists(tmp.resolve("out").resolve(ParquetOutput.SUCCESS)));
        assertEquals(6 * METHODS.size(), rows.size());
        for (Row row : rows) {
            String name = fileName(row);
            String error = row.getAs(ExplanationRows.ERROR);
            assertNull(row.getAs(ExplanationRows.MAP));
            if (name.startsWith("image-")) {
                assertNull(error, name);
                assertNotNull(row.getAs(ExplanationRows.INTENSITY_CORRELATION), name);
            } else {
                assertNotNull(error, name);
                assertTrue(error.contains(name), error);
                assertFalse(error.contains("audit-spark-images"), "the error names the scratch copy: " + error);
                assertNull(row.getAs(ExplanationRows.TARGET), name);
                assertNull(row.getAs(ExplanationRows.LOGIT), name);
            }
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheOutputIsComplete() throws IOException {
        Path images = tmp.resolve("images");
        TestImages.write(images, 8, 7);
        FAULTS.set(0);
        JavaRDD<ImageInput> inputs = ImageInput.binaryFiles(sc, images.toUri().toString(), 4).map(image -> {
            TaskContext task = TaskContext.get();
            if (task.partitionId() == 1 && task.attemptNumber() == 0) {
                FAULTS.incrementAndGet();
                throw new IllegalStateException("fault injected by the test in partition 1, attempt 0");
            }
            return image;
        });
        List<Row> rows = explainAndRead(inputs, settings(3, false), tmp.resolve("out"));
        assertEquals(1, FAULTS.get(), "the fault was not injected exactly once");
        List<String> keys = new ArrayList<>();
        rows.forEach(r -> keys.add(fileName(r) + " " + r.getAs(ExplanationRows.METHOD)));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            for (String m : METHODS) {
                expected.add(String.format("image-%02d.png %s", i, m));
            }
        }
        assertEquals(expected.stream().sorted().toList(), keys.stream().sorted().toList());
        rows.forEach(r -> assertNull(r.getAs(ExplanationRows.ERROR)));
    }

    @Test
    void aFailedJobLeavesNoOutput() throws IOException {
        Path images = tmp.resolve("images");
        TestImages.write(images, 4, 9);
        JavaRDD<ImageInput> inputs = ImageInput.binaryFiles(sc, images.toUri().toString(), 2).map(image -> {
            if (TaskContext.get().partitionId() == 1) {
                throw new IllegalStateException("fault injected by the test in partition 1, every attempt");
            }
            return image;
        });
        Path out = tmp.resolve("out");
        assertThrows(SparkException.class, () -> explainAndRead(inputs, settings(2, false), out));
        assertFalse(Files.exists(out), "a failed job left " + out);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(images), left.toList(), "a failed job left a staging folder");
        }
    }

    @Test
    void missingImagesAreAnErrorNamingThePath() {
        String missing = tmp.resolve("no-such-folder").toUri().toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageInput.binaryFiles(sc, missing, 1));
        assertEquals("no images at " + missing, e.getMessage());
    }

    @Test
    void anInputShapeTheModelDoesNotTakeIsAnErrorNamingTheModel() throws IOException {
        Path images = tmp.resolve("images");
        TestImages.write(images, 1, 17);
        ExplainSettings s = settings(1, false);
        ExplainSettings rgb = new ExplainSettings(s.methods(), new int[] {3, 16, 16}, s.range(), s.mean(), s.std(),
                s.maxPixel(), s.target(), s.window(), s.stride(), s.fill(), s.precision(), s.batch(), s.maps());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistributedExplain.explain(spark, ImageInput.binaryFiles(sc, images.toUri().toString(), 1), rgb,
                        MODEL.getFileName().toString(), Files.readAllBytes(MODEL)));
        assertTrue(e.getMessage().startsWith("input shape [3, 16, 16] does not fit model dark-square.zip: "),
                e.getMessage());
    }

    @Test
    void anExistingOutputIsRefusedByName() throws IOException {
        Path images = tmp.resolve("images");
        TestImages.write(images, 1, 11);
        Path out = Files.createDirectories(tmp.resolve("out"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> explainAndRead(ImageInput.binaryFiles(sc, images.toUri().toString(), 1), settings(1, false), out));
        assertTrue(e.getMessage().contains(out.toUri().toString()), e.getMessage());
    }
}
