package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsaliency.images.DataVecImages;
import org.dl4jsaliency.images.ImageBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The team's labelled images, read through DataVec, audited for their true classes or their predicted
 * ones, on the demo model (0: nothing, 1: black square, 2: white square).
 */
class LabelledImagesAuditTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static MultiLayerNetwork demo;
    @TempDir
    static Path dir;
    private static ImageBatch labelled;

    @BeforeAll
    static void images() throws Exception {
        demo = ModelSerializer.restoreMultiLayerNetwork(ROOT.resolve("zoo-configs/models/dark-square.zip").toFile());
        Path root = dir.resolve("labelled");
        png(root.resolve("0").resolve("none.png"), -1, 1);
        png(root.resolve("1").resolve("black.png"), 0, 2);
        // No square, yet filed under class 2: its true class differs from what the model predicts.
        png(root.resolve("2").resolve("mislabelled.png"), -1, 4);
        png(root.resolve("2").resolve("white.png"), 255, 3);
        labelled = DataVecImages.readLabelledFolder(root, 1, 16, 16);
    }

    @Test
    void theUsersImagesAreExplainedForTheirClassFoldersOrForThePredictionAsAsked() {
        assertArrayEquals(new int[] {0, 1, 2, 2}, labelled.labels());
        AuditContext byLabel = context(BiasAudit.builder(demo).images(labelled).explainTrueLabels());
        assertArrayEquals(new int[] {0, 1, 2, 2}, byLabel.targets(byLabel.probes().real()));
        AuditContext byPrediction = context(BiasAudit.builder(demo).images(labelled));
        int[] predicted = byPrediction.targets(byPrediction.probes().real());
        assertEquals(0, predicted[2], "the model sees no square in the mislabelled image");
        assertArrayEquals(new int[] {0, 1, 2}, new int[] {predicted[0], predicted[1], predicted[3]},
                "the demo model gets the others right");
        assertEquals(List.of("0/none.png", "1/black.png", "2/mislabelled.png", "2/white.png"),
                byLabel.probes().real().labels());
    }

    @Test
    void trueLabelsWithoutLabelledImagesOrBeyondTheModelsClassesAreErrors() throws Exception {
        ImageBatch unlabelled = new ImageBatch(labelled.display(), labelled.names());
        String noLabels = assertThrows(IllegalArgumentException.class,
                () -> context(BiasAudit.builder(demo).images(unlabelled).explainTrueLabels())).getMessage();
        assertTrue(noLabels.contains("explainLabels") && noLabels.contains("labelled"), noLabels);
        String noImages = assertThrows(IllegalArgumentException.class,
                () -> context(BiasAudit.builder(demo).explainTrueLabels())).getMessage();
        assertTrue(noImages.contains("no images"), noImages);

        Path root = dir.resolve("five-classes");
        for (int k = 0; k < 5; k++) {
            png(root.resolve(Integer.toString(k)).resolve("x.png"), -1, 10 + k);
        }
        ImageBatch five = DataVecImages.readLabelledFolder(root, 1, 16, 16);
        AuditContext ctx = context(BiasAudit.builder(demo).images(five).explainTrueLabels());
        String beyond = assertThrows(IllegalArgumentException.class, () -> ctx.targets(ctx.probes().real()))
                .getMessage();
        assertTrue(beyond.contains("3/x.png") && beyond.contains("3 classes"), beyond);
    }

    @Test
    void anAuditOfTrueLabelsRunsEveryCheckAndMeasuresTheUsersImages() {
        AuditResult r = BiasAudit.builder(demo).inputShape(1, 16, 16).methods("gradient", "gradient-x-input")
                .check("zero-point", 0.1, 0.01).check("intensity-correlation", 0.3, 0.5).images(labelled)
                .explainTrueLabels().seed(1).build().run();
        // The black square of 1/black.png sits at the zero point: x ⊙ g gives it nothing.
        Double onBlack = r.result("gradient-x-input", "zero-point").orElseThrow().components().get("1/black.png");
        assertEquals(0.0, onBlack);
        assertTrue(r.result("gradient", "intensity-correlation").orElseThrow().components()
                .containsKey("2/mislabelled.png"));
    }

    private static AuditContext context(BiasAudit.Builder b) {
        BiasAudit audit = b.inputShape(1, 16, 16).methods("gradient").seed(1).build();
        return new AuditContext(audit.plan(), new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Grey noise around 128 with, for {@code square} ≥ 0, a 4×4 square of that level at (6, 5). */
    private static void png(Path file, int square, long seed) throws Exception {
        Random rng = new Random(seed);
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                boolean inSquare = square >= 0 && x >= 6 && x < 10 && y >= 5 && y < 9;
                img.getRaster().setSample(x, y, 0, inSquare ? square : 128 + rng.nextInt(51) - 25);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
