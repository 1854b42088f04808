package org.dl4jsaliency.spark;

import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodSpec;
import org.dl4jsaliency.audit.AuditConfig;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.images.ImageBatch;
import org.dl4jsaliency.images.ImageFiles;
import org.dl4jsaliency.measures.IntensityCorrelation;
import org.dl4jsaliency.measures.RelevanceMagnitudes;
import org.dl4jsaliency.measures.ZeroPointMass;
import org.dl4jsaliency.methods.Attribution;
import org.dl4jsaliency.models.ModelFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
        List<Row> rows = explainAndRead(ImageInput.binaryFiles(sc, images.toUri().toString(), 3), settings,
                tmp.resolve("out"));
        assertTrue(Files.exists(tmp.resolve("out").resolve(ParquetOutput.SUCCESS)));
        assertEquals(7 * METHODS.size(), rows.size());

        // The single-JVM path: the whole folder as one batch through a fresh Explainer.
        ImageBatch batch = ImageFiles.read(images, 1, 16, 16);
        Model model = ModelFile.load(MODEL);
        Explainer explainer = Explainer.of(model);
        INDArray display = batch.display();
        INDArray x = settings.space().toModel(display, DataType.FLOAT);
        INDArray logits = explainer.engine().logits(x);
        int[] predicted = new int[batch.names().size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = logits.getRow(i).argMax().getInt(0);
        }
        Targets targets = Targets.perExample(predicted);
        INDArray reference = explainer.explain(x, targets, settings.reference()).map();
        INDArray modelInput = settings.space().toModel(display, DataType.DOUBLE);
        Map<String, Row> byKey = new HashMap<>();
        rows.forEach(r -> byKey.put(fileName(r) + " " + r.getAs(ExplanationRows.METHOD), r));
        int zeroPointImages = 0;
        for (String method : METHODS) {
            Attribution a = explainer.explain(x, targets, MethodSpec.parse(method).create());
            for (int i = 0; i < predicted.length; i++) {
                Row row = byKey.get(batch.names().get(i) + " " + method);
                assertNotNull(row, batch.names().get(i) + " " + method);
                assertNull(row.getAs(ExplanationRows.ERROR));
                assertEquals(predicted[i], (int) row.getAs(ExplanationRows.TARGET));
                assertEquals(a.scores().getDouble(i), (double) row.getAs(ExplanationRows.LOGIT));
                float[] expected = a.map().get(NDArrayIndex.point(i)).castTo(DataType.FLOAT).dup('c').data().asFloat();
                List<Float> actual = row.getList(row.fieldIndex(ExplanationRows.MAP));
                float[] actualMap = new float[actual.size()];
                for (int k = 0; k < actualMap.length; k++) {
                    actualMap[k] = actual.get(k);
                }
                assertArrayEquals(expected, actualMap, batch.names().get(i) + " " + method);
                boolean[][] zeroSet = ZeroPointMass.usedZeroPixels(modelInput, settings.space(), reference, i);
                assertEquals(ZeroPointMass.count(zeroSet), (int) row.getAs(ExplanationRows.ZERO_POINT_PIXELS));
                if (ZeroPointMass.count(zeroSet) > 0) {
                    zeroPointImages++;
                    assertEquals(ZeroPointMass.of(RelevanceMagnitudes.of(a.map(), i), zeroSet),
                            (double) row.getAs(ExplanationRows.ZERO_POINT_MASS));
                }
                assertEquals(IntensityCorrelation.of(a.map(), display, i, settings.zeroPoint()),
                        (double) row.getAs(ExplanationRows.INTENSITY_CORRELATION));
            }
        }
        assertTrue(zeroPointImages > 0, "no test image has zero-point pixels the reference marks as used");
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
    void anExistingOutputIsRefusedByName() throws IOException {
        Path images = tmp.resolve("images");
        TestImages.write(images, 1, 11);
        Path out = Files.createDirectories(tmp.resolve("out"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> explainAndRead(ImageInput.binaryFiles(sc, images.toUri().toString(), 1), settings(1, false), out));
        assertTrue(e.getMessage().contains(out.toUri().toString()), e.getMessage());
    }
}
