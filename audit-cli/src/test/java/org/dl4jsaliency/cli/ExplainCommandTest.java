package org.dl4jsaliency.cli;

import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.models.ZooModels;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.report.AtomicFiles;
import org.dl4jsaliency.report.Heatmaps;
import org.dl4jsaliency.images.NpyArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code explain} end to end: the files it writes, checked against the library, and its usage errors. */
class ExplainCommandTest {
    private static final String[] LENET = {"--zoo", "lenet", "--input-shape", "1,28,28", "--classes", "10"};

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] lenet(String... more) {
        String[] all = new String[1 + LENET.length + more.length];
        all[0] = "explain";
        System.arraycopy(LENET, 0, all, 1, LENET.length);
        System.arraycopy(more, 0, all, 1 + LENET.length, more.length);
        return all;
    }

    /** Gray level of pixel (x, y) of test image {@code k}: distinct images with all levels in 0..255. */
    private static int level(int k, int x, int y) {
        return (37 * x + 11 * y + 90 * k) % 256;
    }

    private static void grayPng(Path file, int k, int size) throws Exception {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.getRaster().setSample(x, y, 0, level(k, x, y));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** The test images as the model sees them in [0, 1] space: [2, 1, size, size] float. */
    private static INDArray grayBatch(int size) {
        INDArray x = Nd4j.create(DataType.FLOAT, 2, 1, size, size);
        for (int k = 0; k < 2; k++) {
            for (int y = 0; y < size; y++) {
                for (int x0 = 0; x0 < size; x0++) {
                    x.putScalar(new long[] {k, 0, y, x0}, (float) (level(k, x0, y) / 255.0));
                }
            }
        }
        return x;
    }

    private static Model lenet() {
        return ZooModels.create("lenet", 10, new int[] {1, 28, 28}, 42);
    }

    private static void assertDecodesWithSize(Path png, int size) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " decodes");
        assertEquals(size, img.getHeight());
        // the heatmap (size × size) and, to its right, the colour bar with its labels
        assertTrue(img.getWidth() > size + 14, "room for the colour bar: " + img.getWidth());
        assertEquals(0xff0000, img.getRGB(size + 8 + 7, 0) & 0xffffff, "the bar starts at +scale (red)");
    }

    @Test
    void folderOfImagesGivesTheLibrarysMapsAndOneHeatmapPerImage(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectory(dir.resolve("images"));
        grayPng(images.resolve("b.png"), 1, 28);
        grayPng(images.resolve("a.png"), 0, 28);
        Path out = dir.resolve("out");
        CliRun r = run(lenet("--input", images.toString(), "--out", out.toString(), "--method", "gradient",
                "--method", "gradient-x-input"));
        assertEquals(0, r.code(), r.err());

        INDArray x = grayBatch(28);
        Explainer explainer = Explainer.of(lenet());
        for (String method : new String[] {"gradient", "gradient-x-input"}) {
            INDArray expected = explainer.explain(x, Targets.predicted(), MethodRegistry.create(method)).map();
            INDArray written = Nd4j.createFromNpyFile(out.resolve(method + ".npy").toFile());
            assertEquals(DataType.FLOAT, written.dataType());
            assertTrue(expected.amaxNumber().doubleValue() > 0, "a map that is not all zero");
            assertEquals(expected, written, method);
            // 28 px maps are enlarged 5 times to reach 128 px.
            assertDecodesWithSize(out.resolve(method).resolve("a.png"), 140);
            assertDecodesWithSize(out.resolve(method).resolve("b.png"), 140);
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(method + " ") && l.contains("a: predicted ")
                    && l.contains("b: predicted ")), r.out());
        }
    }

    @Test
    void npyInputIsUsedAsItIsWithOneTargetPerExample(@TempDir Path dir) throws Exception {
        INDArray x = grayBatch(28).muli(2).subi(1);
        Path npy = dir.resolve("x.npy");
        AtomicFiles.write(npy, NpyArrays.float32(x));
        Path out = dir.resolve("out");
        CliRun r = run(lenet("--input", npy.toString(), "--out", out.toString(), "--target", "3,7"));
        assertEquals(0, r.code(), r.err());

        INDArray expected = Explainer.of(lenet()).explain(x, Targets.perExample(3, 7),
                MethodRegistry.create("gradient")).map();
        assertEquals(expected, Nd4j.createFromNpyFile(out.resolve("gradient.npy").toFile()));
        assertDecodesWithSize(out.resolve("gradient").resolve("example-0.png"), 140);
        assertDecodesWithSize(out.resolve("gradient").resolve("example-1.png"), 140);
        assertTrue(r.out().contains("example-0: predicted ") && r.out().contains(", target 3; example-1: predicted ")
                && r.out().contains(", target 7"), r.out());
    }

    @Test
    void declaredPreprocessingMapsImagesBeforeTheModel(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectory(dir.resolve("images"));
        grayPng(images.resolve("a.png"), 0, 28);
        grayPng(images.resolve("b.png"), 1, 28);
        Path out = dir.resolve("out");
        CliRun r = run(lenet("--input", images.toString(), "--out", out.toString(), "--range", "-1,1",
                "--method", "gradient-x-input"));
        assertEquals(0, r.code(), r.err());
        // Range [-1, 1]: x = 2·I − 1, computed as the CLI does (in double, then cast).
        INDArray x = Nd4j.create(DataType.FLOAT, 2, 1, 28, 28);
        for (int k = 0; k < 2; k++) {
            for (int y = 0; y < 28; y++) {
                for (int x0 = 0; x0 < 28; x0++) {
                    x.putScalar(new long[] {k, 0, y, x0}, (float) (2.0 * (level(k, x0, y) / 255.0) + -1.0));
                }
            }
        }
        INDArray expected = Explainer.of(lenet()).explain(x, Targets.predicted(),
                MethodRegistry.create("gradient-x-input")).map();
        assertEquals(expected, Nd4j.createFromNpyFile(out.resolve("gradient-x-input.npy").toFile()));
    }

    /** A small CNN reading flat 8×8 RGB images: its saved configuration records the image size. */
    private static MultiLayerNetwork flatRgbNet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void modelFileGivesTheImageSizeAndImagesAreResizedToIt(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = flatRgbNet();
        Path zip = dir.resolve("net.zip");
        ModelSerializer.writeModel(net, zip.toFile(), false);
        Path image = dir.resolve("big.png");
        grayPng(image, 0, 16);
        Path out = dir.resolve("out");
        CliRun r = run("explain", "--model", zip.toString(), "--input", image.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        INDArray written = NpyArrays.read(out.resolve("gradient.npy"));
        assertArrayEquals(new long[] {1, 3, 8, 8}, written.shape());
        // 8 px maps are enlarged 16 times.
        assertDecodesWithSize(out.resolve("gradient").resolve("big.png"), 128);
    }

    @Test
    void nhwcModelsGetImagesInTheirLayout(@TempDir Path dir) throws Exception {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).dataFormat(CNN2DFormat.NHWC)
                        .activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1, CNN2DFormat.NHWC)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Path zip = dir.resolve("nhwc.zip");
        ModelSerializer.writeModel(net, zip.toFile(), false);
        Path images = Files.createDirectory(dir.resolve("images"));
        grayPng(images.resolve("a.png"), 0, 8);
        grayPng(images.resolve("b.png"), 1, 8);
        Path out = dir.resolve("out");
        CliRun r = run("explain", "--model", zip.toString(), "--input-shape", "1,8,8", "--input", images.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());

        INDArray nhwc = grayBatch(8).permute(0, 2, 3, 1).dup('c');
        INDArray expected = Explainer.of(net).explain(nhwc, Targets.predicted(), MethodRegistry.create("gradient")).map();
        INDArray written = NpyArrays.read(out.resolve("gradient.npy"));
        assertArrayEquals(new long[] {2, 8, 8, 1}, written.shape());
        assertEquals(expected, written);
        assertDecodesWithSize(out.resolve("gradient").resolve("b.png"), 128);
    }

    @Test
    void overlayDrawsTheHeatmapOverTheInput(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectory(dir.resolve("images"));
        grayPng(images.resolve("a.png"), 0, 28);
        Path plain = dir.resolve("plain");
        Path over = dir.resolve("over");
        assertEquals(0, run(lenet("--input", images.toString(), "--out", plain.toString())).code());
        CliRun r = run(lenet("--input", images.toString(), "--out", over.toString(), "--overlay"));
        assertEquals(0, r.code(), r.err());
        BufferedImage p = ImageIO.read(plain.resolve("gradient").resolve("a.png").toFile());
        BufferedImage o = ImageIO.read(over.resolve("gradient").resolve("a.png").toFile());
        assertEquals(p.getWidth(), o.getWidth());
        double[][] map = Nd4j.createFromNpyFile(over.resolve("gradient.npy").toFile()).castTo(DataType.DOUBLE)
                .slice(0).slice(0).toDoubleMatrix();
        double scale = Heatmaps.symmetricScale(List.<double[][]>of(map));
        // Pixel (x, y) of the 28 px input is enlarged 5 times: compare the centre of each cell with the
        // blend of the input's grey level and the map's colour, computed here from the written map.
        int checked = 0;
        for (int y = 0; y < 28; y += 3) {
            for (int x = 0; x < 28; x += 3) {
                double[][][] pixel = {{{level(0, x, y) / 255.0}}};
                int expected = Heatmaps.overlay(new double[][] {{map[y][x]}}, scale, pixel).getRGB(0, 0);
                assertEquals(expected & 0xffffff, o.getRGB(5 * x + 2, 5 * y + 2) & 0xffffff, "pixel " + x + "," + y);
                checked++;
            }
        }
        assertTrue(checked > 50);
        Path npy = dir.resolve("x.npy");
        AtomicFiles.write(npy, NpyArrays.float32(grayBatch(28)));
        CliRun noImage = run(lenet("--input", npy.toString(), "--out", dir.resolve("o").toString(), "--overlay"));
        assertEquals(2, noImage.code());
        assertTrue(noImage.err().contains("--overlay draws heatmaps over input images"), noImage.err());
    }

    @Test
    void inputErrorsExitWithTwoNamingTheProblem(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectory(dir.resolve("images"));
        grayPng(images.resolve("a.png"), 0, 28);
        String in = images.toString();
        String out = dir.resolve("out").toString();

        CliRun model = run("explain", "--model", dir.resolve("none.zip").toString(), "--input", in, "--out", out);
        assertEquals(2, model.code());
        assertTrue(model.err().contains("model file not found: " + dir.resolve("none.zip")), model.err());

        Path broken = Files.createDirectory(dir.resolve("broken"));
        Files.writeString(broken.resolve("bad.png"), "not a png");
        CliRun image = run(lenet("--input", broken.toString(), "--out", out));
        assertEquals(2, image.code());
        assertTrue(image.err().contains("cannot read image " + broken.resolve("bad.png")), image.err());

        Path wrong = dir.resolve("wrong.npy");
        AtomicFiles.write(wrong, NpyArrays.float32(Nd4j.zeros(DataType.FLOAT, 1, 1, 20, 20)));
        CliRun shape = run(lenet("--input", wrong.toString(), "--out", out));
        assertEquals(2, shape.code());
        assertTrue(shape.err().contains("input shape [1, 1, 20, 20] does not fit the model: "), shape.err());
        assertEquals(1, shape.err().lines().count(), shape.err());

        Path rgb = dir.resolve("rgb.npy");
        AtomicFiles.write(rgb, NpyArrays.float32(Nd4j.zeros(DataType.FLOAT, 1, 3, 28, 28)));
        CliRun channels = run(lenet("--input", rgb.toString(), "--out", out));
        assertEquals(2, channels.code());
        assertEquals(1, channels.err().lines().count(), channels.err());
        assertTrue(channels.err().contains("(ConvolutionLayer) expects 1 input channel(s), got 3"), channels.err());

        CliRun method = run(lenet("--input", in, "--out", out, "--method", "magic"));
        assertEquals(2, method.code());
        assertTrue(method.err().contains("Unknown method 'magic'"), method.err());

        CliRun param = run(lenet("--input", in, "--out", out, "--param", "q=90"));
        assertEquals(2, param.code());
        assertTrue(param.err().contains("Method 'gradient' has no parameter(s) [q]"), param.err());

        CliRun target = run(lenet("--input", in, "--out", out, "--target", "10"));
        assertEquals(2, target.code());
        assertTrue(target.err().contains("--target class 10 is out of range: the model has 10 classes"), target.err());

        Path file = Files.writeString(dir.resolve("plain.txt"), "a regular file");
        Path under = file.resolve("out");
        CliRun unwritable = run(lenet("--input", in, "--out", under.toString()));
        assertEquals(2, unwritable.code());
        assertTrue(unwritable.err().contains("output folder not writable: " + under), unwritable.err());
    }

    @Test
    void methodParametersApplyToEveryMethodUnlessTheSpecSetsThem(@TempDir Path dir) throws Exception {
        INDArray x = grayBatch(28);
        Path npy = dir.resolve("x.npy");
        AtomicFiles.write(npy, NpyArrays.float32(x));
        Path out = dir.resolve("out");
        CliRun r = run(lenet("--input", npy.toString(), "--out", out.toString(), "--param", "q=50",
                "--method", "rectgrad", "--method", "nobias-rectgrad:q=90"));
        assertEquals(0, r.code(), r.err());
        Explainer explainer = Explainer.of(lenet());
        INDArray rectgrad = Nd4j.createFromNpyFile(out.resolve("rectgrad.npy").toFile());
        assertEquals(explainer.explain(x, Targets.predicted(), MethodRegistry.create("rectgrad", Map.of("q", "50"))).map(),
                rectgrad);
        assertNotEquals(explainer.explain(x, Targets.predicted(), MethodRegistry.create("rectgrad")).map(), rectgrad,
                "q=50 is not the default");
        assertEquals(explainer.explain(x, Targets.predicted(),
                        MethodRegistry.create("nobias-rectgrad", Map.of("q", "90"))).map(),
                Nd4j.createFromNpyFile(out.resolve("nobias-rectgrad.npy").toFile()));
    }

    @Test
    void doublePrecisionWritesTheMapsOfTheModelConvertedToDouble(@TempDir Path dir) throws Exception {
        INDArray x = grayBatch(28).muli(2).subi(1);
        Path npy = dir.resolve("x.npy");
        AtomicFiles.write(npy, NpyArrays.float32(x));
        Path out = dir.resolve("out");
        CliRun r = run(lenet("--input", npy.toString(), "--out", out.toString(), "--target", "3",
                "--method", "lrp-epsilon", "--precision", "double"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.equals("precision: double (model: float)")), r.out());

        MultiLayerNetwork net = (MultiLayerNetwork) lenet();
        INDArray expected = Explainer.of(net.convertDataType(DataType.DOUBLE))
                .explain(x, Targets.all(3), MethodRegistry.create("lrp-epsilon")).map();
        INDArray written = Nd4j.createFromNpyFile(out.resolve("lrp-epsilon.npy").toFile());
        assertEquals(DataType.DOUBLE, written.dataType());
        double scale = expected.amaxNumber().doubleValue();
        assertTrue(scale > 0, "a map that is not all zero");
        assertTrue(written.sub(expected).amaxNumber().doubleValue() <= 1e-12 * scale, "the double model's map");
        INDArray inFloat = Explainer.of(net).explain(x, Targets.all(3), MethodRegistry.create("lrp-epsilon")).map();
        assertTrue(inFloat.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue() > 1e-12 * scale,
                "the float map differs, or this test would prove nothing");
    }

    @Test
    void thePrecisionIsTheModelsOwnByDefaultAndAnythingElseIsAUsageError(@TempDir Path dir) throws Exception {
        Path npy = dir.resolve("x.npy");
        AtomicFiles.write(npy, NpyArrays.float32(grayBatch(28)));
        Path out = dir.resolve("out");
        CliRun plain = run(lenet("--input", npy.toString(), "--out", out.toString()));
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.out().lines().anyMatch(l -> l.equals("precision: float (the model's own)")), plain.out());
        assertEquals(DataType.FLOAT, Nd4j.createFromNpyFile(out.resolve("gradient.npy").toFile()).dataType());

        Path none = dir.resolve("none");
        CliRun bad = run(lenet("--input", npy.toString(), "--out", none.toString(), "--precision", "quad"));
        assertEquals(2, bad.code(), bad.out());
        assertEquals("saliency-audit explain: --precision must be float, double or model, got 'quad'",
                bad.err().strip());
        assertFalse(Files.exists(none), "nothing written");
    }
}
