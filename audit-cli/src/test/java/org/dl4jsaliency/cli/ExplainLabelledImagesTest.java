package org.dl4jsaliency.cli;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.engine.Targets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code explain --labels}: a folder of class subfolders read through DataVec, and {@code --target label}
 * explaining each image's true class on the committed demo model.
 */
class ExplainLabelledImagesTest {
    private static final Path DEMO = Path.of("..", "zoo-configs", "models", "dark-square.zip").toAbsolutePath()
            .normalize();
    private static final int SIZE = 16;

    /**
     * A demo-task image: grey noise around 128 and, for {@code square} ≥ 0, a 4×4 square of that level at
     * (6, 5). Returns the pixel levels written, [y][x].
     */
    private static int[][] demoPng(Path file, int square, long seed) throws Exception {
        Random rng = new Random(seed);
        int[][] level = new int[SIZE][SIZE];
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean inSquare = square >= 0 && x >= 6 && x < 10 && y >= 5 && y < 9;
                level[y][x] = inSquare ? square : 128 + rng.nextInt(51) - 25;
                img.getRaster().setSample(x, y, 0, level[y][x]);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return level;
    }

    private static CliRun explain(Path input, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("explain", "--model", DEMO.toString(), "--input-shape",
                "1,16,16", "--input", input.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void targetLabelExplainsEachImagesClassFolderNotItsPrediction(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("labelled");
        // Classes as the demo model numbers them: 0 nothing, 1 black square, 2 white square. The last
        // image holds no square but sits in folder 2: its target must be 2 while the model predicts 0.
        int[][][] levels = {
                demoPng(images.resolve("0").resolve("none.png"), -1, 1),
                demoPng(images.resolve("1").resolve("black.png"), 0, 2),
                demoPng(images.resolve("2").resolve("mislabelled.png"), -1, 4),
                demoPng(images.resolve("2").resolve("white.png"), 255, 3)};
        String[] names = {"0/none", "1/black", "2/mislabelled", "2/white"};
        int[] folderClass = {0, 1, 2, 2};
        Path out = dir.resolve("out");
        CliRun r = explain(images, out, "--labels", "--target", "label", "--method", "gradient");
        assertEquals(0, r.code(), r.err());

        String line = r.out().lines().filter(l -> l.startsWith("gradient ")).findFirst().orElseThrow();
        for (int i = 0; i < names.length; i++) {
            Matcher m = Pattern.compile(Pattern.quote(names[i]) + ": predicted (\\d+), target (\\d+), label (\\d+) \\((\\w+)\\)")
                    .matcher(line);
            assertTrue(m.find(), names[i] + " in " + line);
            assertEquals(folderClass[i], Integer.parseInt(m.group(2)), "target of " + names[i]);
            assertEquals(folderClass[i], Integer.parseInt(m.group(3)), "label of " + names[i]);
            assertEquals(Integer.toString(folderClass[i]), m.group(4), "class folder of " + names[i]);
            if (names[i].equals("2/mislabelled")) {
                assertEquals(0, Integer.parseInt(m.group(1)), "the model sees no square: " + line);
            }
        }

        // The maps are the library's for the true classes of the pixels written.
        INDArray x = Nd4j.create(DataType.FLOAT, names.length, 1, SIZE, SIZE);
        for (int i = 0; i < names.length; i++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x0 = 0; x0 < SIZE; x0++) {
                    x.putScalar(new long[] {i, 0, y, x0}, (float) (levels[i][y][x0] / 255.0));
                }
            }
        }
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(DEMO.toFile(), false);
        INDArray expected = Explainer.of(model).explain(x, Targets.perExample(folderClass),
                MethodRegistry.create("gradient")).map();
        INDArray written = Nd4j.createFromNpyFile(out.resolve("gradient.npy").toFile());
        assertTrue(expected.castTo(DataType.FLOAT).equalsWithEps(written, 1e-6), "the true-class maps");
        INDArray predicted = Explainer.of(model).explain(x, Targets.predicted(), MethodRegistry.create("gradient")).map();
        assertTrue(!predicted.castTo(DataType.FLOAT).equalsWithEps(written, 1e-6), "not the predicted-class maps");
        // Heatmaps go to a folder per class.
        assertTrue(Files.isRegularFile(out.resolve("gradient").resolve("2").resolve("mislabelled.png")));
        assertTrue(Files.isRegularFile(out.resolve("gradient").resolve("0").resolve("none.png")));
    }

    @Test
    void labelsArePrintedBesideThePredictedTargetToo(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("labelled");
        demoPng(images.resolve("0").resolve("a.png"), -1, 1);
        demoPng(images.resolve("1").resolve("b.png"), 0, 2);
        CliRun r = explain(images, dir.resolve("out"), "--labels");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("0/a: predicted 0, target 0, label 0 (0)"), r.out());
        assertTrue(r.out().contains("1/b: predicted 1, target 1, label 1 (1)"), r.out());
    }

    private static String error(CliRun r) {
        assertEquals(2, r.code(), r.out() + r.err());
        return r.err();
    }

    @Test
    void targetLabelOnUnlabelledImagesIsAnErrorNamingTheFlag(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("flat");
        demoPng(images.resolve("a.png"), -1, 1);
        String err = error(explain(images, dir.resolve("out"), "--target", "label"));
        assertTrue(err.contains("--target label") && err.contains("--labels"), err);
        assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void labelledInputErrorsNameTheProblem(@TempDir Path dir) throws Exception {
        Path flat = dir.resolve("flat");
        demoPng(flat.resolve("a.png"), -1, 1);
        String err = error(explain(flat, dir.resolve("out1"), "--labels"));
        assertTrue(err.contains(flat.resolve("a.png").toString()) && err.contains("class subfolder"), err);

        String file = error(explain(flat.resolve("a.png"), dir.resolve("out2"), "--labels"));
        assertTrue(file.contains("--labels") && file.contains(flat.resolve("a.png").toString()), file);

        // Four class folders for a three-class model: class 3 has no logit to explain.
        Path four = dir.resolve("four");
        for (int c = 0; c < 4; c++) {
            demoPng(four.resolve(Integer.toString(c)).resolve("x.png"), -1, c);
        }
        String range = error(explain(four, dir.resolve("out3"), "--labels", "--target", "label"));
        assertTrue(range.contains("image 3/x ") && range.contains("label 3") && range.contains("3 classes"), range);
    }

    @Test
    void helpDescribesTheLabelsFlagAndTheLabelTarget() {
        CliRun r = CliRun.of("explain", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("--labels") && r.out().contains("'label'"), r.out());
    }
}
