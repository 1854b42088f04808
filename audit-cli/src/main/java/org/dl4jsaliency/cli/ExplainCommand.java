package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.engine.InputChecks;
import org.dl4jsaliency.engine.NonFiniteValueException;
import org.dl4jsaliency.engine.Precision;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.images.DataVecImages;
import org.dl4jsaliency.images.ImageBatch;
import org.dl4jsaliency.images.ImageFiles;
import org.dl4jsaliency.images.NpyArrays;
import org.dl4jsaliency.methods.Attribution;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.probes.InputSpace;
import org.dl4jsaliency.report.AtomicFiles;
import org.dl4jsaliency.report.Heatmaps;
import org.dl4jsaliency.report.OutputFolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * {@code explain}: attribution maps for images or an array. Writes, per method, {@code OUT/<method>.npy}
 * (float32, or float64 with {@code --precision double}; the shape of the model input) and one heatmap per
 * example under {@code OUT/<method>/} (the map summed over channels, in the signed scale ±max|map| of that
 * example). Prints the precision the maps were computed in, then a line per method.
 */
final class ExplainCommand implements Command {
    /** Heatmaps of small inputs are enlarged to at least this many pixels along their longer side. */
    private static final int MIN_PNG_SIZE = 128;

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String summary() {
        return "write attribution maps (.npy and heatmap PNGs) for images or a .npy array";
    }

    @Override
    public Options options() {
        Options o = PrecisionOption.add(ModelOptions.add(new Options()));
        o.addOption(Option.builder().longOpt("input").hasArg().argName("path")
                .desc("an image, a folder of images (png, jpg, bmp, gif; resized to the model's input size: "
                        + "--input-shape, else the size a model file records) or a .npy array used as it is")
                .build());
        o.addOption(Option.builder().longOpt("labels")
                .desc("--input is a folder of labelled images, one subfolder per class, read through DataVec's "
                        + "ImageRecordReader; class i is the i-th subfolder name in sorted (string) order, as DataVec "
                        + "numbers them. Each output line gives the image's true label; see --target label")
                .build());
        o.addOption(Option.builder().longOpt("method").hasArg().argName("name[:k=v,..]")
                .desc("method, repeatable (default gradient)").build());
        o.addOption(Option.builder().longOpt("param").hasArg().argName("name=value")
                .desc("method parameter for every method, repeatable (a method's own name:k=v wins)").build());
        o.addOption(Option.builder().longOpt("target").hasArg().argName("c|c1,c2,..|label")
                .desc("explained class: one for all examples, one per example, or 'label': each image's true class "
                        + "(with --labels) (default: the predicted class)")
                .build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("folder").desc("output folder (created)").build());
        o.addOption(Option.builder().longOpt("overlay")
                .desc("draw each heatmap PNG over its input image (image inputs only)").build());
        o.addOption(Option.builder().longOpt("range").hasArg().argName("lo,hi")
                .desc("images: the model sees intensities mapped to [lo, hi] (default 0,1)").build());
        o.addOption(Option.builder().longOpt("mean").hasArg().argName("a,b,c")
                .desc("images: per-channel mean of (pixel - mean) / std; with --std").build());
        o.addOption(Option.builder().longOpt("std").hasArg().argName("a,b,c").desc("images: per-channel std").build());
        o.addOption(Option.builder().longOpt("max-pixel").hasArg().argName("v")
                .desc("images: the pixel value of full intensity for --mean/--std (default 255)").build());
        return o;
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws IOException {
        Path input = Path.of(required(line, "input"));
        if (!Files.exists(input)) {
            throw new UsageException("input not found: " + input);
        }
        List<AttributionMethod> methods = methods(line);
        InputSpace space = inputSpace(line);
        Precision precision = PrecisionOption.of(line);
        try (OutputFolder folder = Args.outputFolder(Path.of(required(line, "out")))) {
            explain(line, input, methods, space, precision, folder.path(), out);
            folder.succeeded();
        }
        return 0;
    }

    private static void explain(CommandLine line, Path input, List<AttributionMethod> methods, InputSpace space,
                                Precision precision, Path outDir, PrintStream out) throws IOException {
        Model model = ModelOptions.load(line);
        SaliencyEngine engine = SaliencyEngine.builder(model).precision(precision).build();
        CNN2DFormat layout = org.dl4jsaliency.probes.ModelInput.layout(model);
        boolean npy = !Files.isDirectory(input) && input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
        if (npy && line.hasOption("overlay")) {
            throw new UsageException("--overlay draws heatmaps over input images; a .npy input has none");
        }
        boolean labelled = line.hasOption("labels");
        if (labelled && !Files.isDirectory(input)) {
            throw new UsageException("--labels reads a folder with one subfolder per class; " + input + " is a file");
        }
        INDArray x;
        INDArray display = null;
        int[] labels = null;
        List<String> classNames = List.of();
        List<String> names = new ArrayList<>();
        if (npy) {
            x = NpyArrays.read(input).castTo(engine.dataType());
            for (int i = 0; i < x.size(0); i++) {
                names.add("example-" + i);
            }
        } else {
            int[] shape = InputShapes.imageShape(line, model);
            if (shape[0] != 1 && shape[0] != 3) {
                throw new UsageException("images can feed models with 1 or 3 input channels; this one reads " + shape[0]);
            }
            if (space.channels() != 1 && space.channels() != shape[0]) {
                throw new UsageException("--mean/--std give " + space.channels() + " channels; the model reads "
                        + shape[0]);
            }
            ImageBatch images = labelled ? DataVecImages.readLabelledFolder(input, shape[0], shape[1], shape[2])
                    : ImageFiles.read(input, shape[0], shape[1], shape[2]);
            x = space.toModel(images.display(), engine.dataType());
            display = images.display();
            labels = images.labels();
            classNames = images.classNames();
            if (layout == CNN2DFormat.NHWC) {
                x = x.permute(0, 2, 3, 1).dup('c');
            }
            images.names().forEach(n -> names.add(stripExtension(n)));
            if (new HashSet<>(names).size() < names.size()) {
                // a.png and a.jpg would overwrite each other's heatmap.
                names.clear();
                names.addAll(images.names());
            }
        }
        INDArray logits = forward(engine, x, input);
        Targets targets = targets(line, (int) x.size(0), (int) logits.size(1), names, labels, classNames);

        Explainer explainer = Explainer.of(engine);
        out.println(precisionLine(engine.dataType(), model.params().dataType()));
        // Whoever asked for double keeps it in the files; anything else is written as float32, as before.
        DataType fileType = precision == Precision.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        for (AttributionMethod m : methods) {
            long t0 = System.nanoTime();
            Attribution a = explainer.explain(x, targets, m);
            double seconds = (System.nanoTime() - t0) / 1e9;
            write(outDir, m.name(), a.map(), fileType, layout, names, line.hasOption("overlay") ? display : null);
            StringJoiner classes = new StringJoiner("; ");
            for (int i = 0; i < names.size(); i++) {
                classes.add(names.get(i) + ": predicted " + logits.getRow(i).argMax().getInt(0)
                        + ", target " + a.targets()[i]
                        + (labels == null ? "" : ", label " + labels[i] + " (" + classNames.get(labels[i]) + ")"));
            }
            out.printf(Locale.ROOT, "%-26s %8.2f s  %s%n", m.name(), seconds, classes);
        }
    }

    /** {@code precision: double (model: float)}, or {@code precision: float (the model's own)}. */
    static String precisionLine(DataType analysis, DataType model) {
        return "precision: " + Precision.labelOf(analysis)
                + (analysis == model ? " (the model's own)" : " (model: " + Precision.labelOf(model) + ")");
    }

    private static String required(CommandLine line, String option) {
        if (!line.hasOption(option)) {
            throw new UsageException("--" + option + " is required");
        }
        return line.getOptionValue(option);
    }

    private static List<AttributionMethod> methods(CommandLine line) {
        Map<String, String> common = new LinkedHashMap<>();
        for (String kv : line.hasOption("param") ? line.getOptionValues("param") : new String[0]) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--param '" + kv + "' is not name=value");
            }
            common.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        String[] specs = line.hasOption("method") ? line.getOptionValues("method") : new String[] {MethodRegistry.GRADIENT};
        List<AttributionMethod> methods = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String spec : specs) {
            AttributionMethod m = Args.method(spec, common);
            if (!seen.add(m.name())) {
                throw new UsageException("--method " + m.name() + " is given twice; its outputs would overwrite each other");
            }
            methods.add(m);
        }
        return methods;
    }

    private static InputSpace inputSpace(CommandLine line) {
        if (!line.hasOption("mean") && !line.hasOption("std")) {
            if (line.hasOption("max-pixel")) {
                throw new UsageException("--max-pixel goes with --mean and --std");
            }
            double[] range = numbers("range", line.getOptionValue("range", "0,1"));
            if (range.length != 2) {
                throw new UsageException("--range must be lo,hi, got '" + line.getOptionValue("range") + "'");
            }
            return preprocessing(() -> InputSpace.range(range[0], range[1]));
        }
        if (line.hasOption("range")) {
            throw new UsageException("give either --range or --mean/--std, not both");
        }
        if (!line.hasOption("mean") || !line.hasOption("std")) {
            throw new UsageException("--mean and --std go together");
        }
        double[] mean = numbers("mean", line.getOptionValue("mean"));
        double[] std = numbers("std", line.getOptionValue("std"));
        double maxPixel = numbers("max-pixel", line.getOptionValue("max-pixel", "255"))[0];
        return preprocessing(() -> InputSpace.meanStd(mean, std, maxPixel));
    }

    /** InputSpace's own checks (hi > lo, std > 0, ...) as usage errors. */
    private static InputSpace preprocessing(Supplier<InputSpace> space) {
        try {
            return space.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException("preprocessing: " + e.getMessage(), e);
        }
    }

    private static double[] numbers(String option, String value) {
        String[] parts = value.split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--" + option + " must be comma-separated numbers, got '" + value + "'");
            }
        }
        return v;
    }

    /** The logits, turning the engine's complaints about the input's shape into a usage error. */
    private static INDArray forward(SaliencyEngine engine, INDArray x, Path input) {
        try {
            InputChecks.checkBatch(x);
        } catch (IllegalArgumentException e) {
            throw new UsageException("input " + input + ": " + e.getMessage(), e);
        }
        try {
            return engine.logits(x);
        } catch (NonFiniteValueException e) {
            throw e; // the model's fault, not the input's shape
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
            throw new UsageException("input shape " + Arrays.toString(x.shape()) + " does not fit the model: " + why, e);
        }
    }

    /**
     * The {@code --target} classes: given, or each image's true {@code labels} (null when the images are
     * unlabelled) for {@code --target label}.
     */
    private static Targets targets(CommandLine line, int examples, int classes, List<String> names, int[] labels,
                                   List<String> classNames) {
        if (!line.hasOption("target")) {
            return Targets.predicted();
        }
        String value = line.getOptionValue("target");
        if (value.trim().equals("label")) {
            if (labels == null) {
                throw new UsageException("--target label explains each image's true class; these images have no "
                        + "labels: give --labels with a folder of class subfolders as --input");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] >= classes) {
                    throw new UsageException("--target label: image " + names.get(i) + " has label " + labels[i]
                            + " (class folder '" + classNames.get(labels[i]) + "', the " + classNames.size()
                            + " folders numbered in sorted order) but the model has " + classes + " classes (0.."
                            + (classes - 1) + ")");
                }
            }
            return Targets.perExample(labels);
        }
        String[] parts = value.split(",");
        if (parts.length != 1 && parts.length != examples) {
            throw new UsageException("--target gives " + parts.length + " classes for " + examples
                    + " examples: give one for all or one per example");
        }
        int[] t = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                t[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--target must be class numbers, got '" + value + "'");
            }
            if (t[i] < 0 || t[i] >= classes) {
                throw new UsageException("--target class " + t[i] + " is out of range: the model has " + classes
                        + " classes (0.." + (classes - 1) + ")");
            }
        }
        return parts.length == 1 ? Targets.all(t[0]) : Targets.perExample(t);
    }

    /**
     * Writes {@code method}'s maps, all or none: all of them as one {@code .npy} of {@code fileType}
     * (float or double), and per image a PNG of the channel-summed map in the signed colour scale with
     * its colour bar, over the input when {@code display} ([N, C, H, W] display images) is given.
     */
    private static void write(Path outDir, String method, INDArray map, DataType fileType, CNN2DFormat layout,
                              List<String> names, INDArray display) throws IOException {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(outDir.resolve(method + ".npy"),
                fileType == DataType.DOUBLE ? NpyArrays.float64(map) : NpyArrays.float32(map));
        if (map.rank() == 4) {
            Path pngDir = Files.createDirectories(outDir.resolve(method));
            INDArray perPixel = map.castTo(DataType.DOUBLE).sum(layout == CNN2DFormat.NHWC ? 3 : 1);
            for (int i = 0; i < names.size(); i++) {
                double[][] plane = perPixel.slice(i).toDoubleMatrix();
                int factor = Math.max(1, -Math.floorDiv(-MIN_PNG_SIZE, Math.max(plane.length, plane[0].length)));
                double scale = Heatmaps.symmetricScale(List.<double[][]>of(plane));
                BufferedImage heat = display == null ? Heatmaps.signed(plane, scale)
                        : Heatmaps.overlay(plane, scale, Maps.image(display, i));
                // Labelled images are named class/file: their heatmaps go to a folder per class.
                Path png = pngDir.resolve(names.get(i) + ".png");
                Files.createDirectories(png.getParent());
                files.put(png,
                        Heatmaps.png(Heatmaps.withColourBar(Heatmaps.enlarge(heat, factor), scale)));
            }
        }
        AtomicFiles.writeAll(files);
    }

    /** {@code name} without its file name's extension ({@code cls/a.png} → {@code cls/a}). */
    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > name.lastIndexOf('/') + 1 ? name.substring(0, dot) : name;
    }
}
