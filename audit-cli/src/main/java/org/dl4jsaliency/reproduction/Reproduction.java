package org.dl4jsaliency.reproduction;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.measures.ReEncodingErrors;
import org.dl4jsaliency.methods.Occlusion;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.metrics.RelevanceShare;
import org.dl4jsaliency.probes.ReEncoding;
import org.dl4jsaliency.report.FigureRow;
import org.dl4jsaliency.report.Plot;
import org.dl4jsaliency.report.ProbeFigure;
import org.dl4jsaliency.report.Series;
import org.dl4jsaliency.reproduction.MarkedItemsTask.Variant;
import org.dl4jsaliency.reproduction.ReproductionResult.EvidenceExperiment;
import org.dl4jsaliency.reproduction.ReproductionResult.MethodShare;
import org.dl4jsaliency.reproduction.ReproductionResult.ReEncodingResult;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepExperiment;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepRow;
import org.dl4jsaliency.reproduction.ReproductionResult.TrainedModel;
import org.dl4jsaliency.training.InputBiasListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The seed paper's experiments on Fashion-MNIST (Brocki &amp; Chung, arXiv 2011.05002), regenerated
 * from scratch: trains the {@link MarkedItemsTask} models (with an {@link InputBiasListener} watching
 * the evidence share during training), then measures
 * <ol>
 *   <li>the share of each method's |relevance| on a black mark the model decides by,</li>
 *   <li>the same on a white mark (the control: every method should find it),</li>
 *   <li>on the [−1, 1] model, a mid-gray mark (the zero point there) and a black one,</li>
 *   <li>colour re-encoding invariance per method, and</li>
 *   <li>the RectGrad threshold sweep ({@link ThresholdSweep}).</li>
 * </ol>
 * Experiments 1 and 2 run on the [0, 1] model with global max pooling and again on the one with a dense
 * head; the sweep runs on both, since only the dense head gives the percentile q something to change.
 * Every method runs with its documented default parameters; the occlusion reference uses a window the
 * size of the mark, filled with a mid-band garment intensity.
 */
public final class Reproduction {
    /** The methods compared, by canonical name, with default parameters. */
    public static final List<String> METHODS = List.of(MethodRegistry.GRADIENT, MethodRegistry.GRADIENT_X_INPUT,
            MethodRegistry.RECTGRAD, MethodRegistry.NOBIAS_RECTGRAD, MethodRegistry.GUIDED_BACKPROP, "lrp-epsilon",
            "lrp-epsilon-plus-flat", MethodRegistry.INTEGRATED_GRADIENTS);
    /** The paper's figure columns (image | RectGrad | NoBias-RectGrad | Gradient | G×I | LRP), then two more. */
    public static final List<String> FIGURE_COLUMNS = List.of(MethodRegistry.RECTGRAD, MethodRegistry.NOBIAS_RECTGRAD,
            MethodRegistry.GRADIENT, MethodRegistry.GRADIENT_X_INPUT, "lrp-epsilon", "lrp-epsilon-plus-flat",
            MethodRegistry.OCCLUSION);
    /** The methods the training listener follows (occlusion is left out: it costs a forward pass per window). */
    public static final List<String> MONITORED = List.of(MethodRegistry.GRADIENT, MethodRegistry.GRADIENT_X_INPUT,
            MethodRegistry.RECTGRAD, MethodRegistry.NOBIAS_RECTGRAD, MethodRegistry.GUIDED_BACKPROP, "lrp-epsilon",
            "lrp-epsilon-plus-flat");
    /** The display offset c of the shift re-encoding. */
    public static final double SHIFT = 0.25;
    private static final int OCCLUSION_STRIDE = 2;
    private static final int ACCURACY_EXAMPLES = 900;
    // Disjoint slices of the test split for evaluation, the training monitor and accuracy.
    private static final int MONITOR_OFFSET = 5000;
    private static final int ACCURACY_OFFSET = 7000;

    /**
     * What to run.
     *
     * @param data          folder with the Fashion-MNIST IDX files
     * @param trainExamples training examples per model (garments from the training split)
     * @param epochs        training epochs per model
     * @param images        images per experiment (garments from the test split)
     * @param monitorEvery  the training listener runs every this many iterations
     * @param monitorProbes images the training listener explains
     * @param figureImages  example rows per experiment in the figures
     * @param seed          seeds training and the task's mark positions
     */
    public record Settings(Path data, int trainExamples, int epochs, int images, int monitorEvery, int monitorProbes,
                           int figureImages, long seed) {
        public Settings {
            positive("examples", trainExamples);
            positive("epochs", epochs);
            positive("images", images);
            positive("monitor-every", monitorEvery);
            positive("monitor-probes", monitorProbes);
            if (figureImages < 0 || figureImages > images) {
                throw new IllegalArgumentException("figure images " + figureImages + " must lie in 0.." + images);
            }
            if (images > MONITOR_OFFSET || monitorProbes > ACCURACY_OFFSET - MONITOR_OFFSET) {
                throw new IllegalArgumentException("at most " + MONITOR_OFFSET + " images and "
                        + (ACCURACY_OFFSET - MONITOR_OFFSET) + " monitor probes: the test split is sliced for them");
            }
        }

        /** The defaults the committed report was made with. */
        public static Settings defaults(Path data) {
            return new Settings(data, 6000, 2, 100, 25, 32, 3, 7);
        }

        private static void positive(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + v);
            }
        }
    }

    /** A trained network with its task, for the experiments and for saving. */
    public record Trained(MarkedItemsTask task, MultiLayerNetwork network, TrainedModel summary) {
    }

    private final Settings settings;
    private final Consumer<String> progress;
    /** Read once, on first use, and shared by every variant and experiment. */
    private FashionMnist.Items trainSplit;
    private FashionMnist.Items testSplit;

    public Reproduction(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Trains the model of every variant (the listener writing {@code training-<variant>.jsonl} into
     * {@code monitorDir}) and runs the five experiments. The trained networks are added to {@code trained},
     * in variant order.
     */
    public ReproductionResult run(Path monitorDir, List<Trained> trained) {
        long start = System.nanoTime();
        String startedAt = Instant.now().toString();
        FashionMnist.Items test = testItems();
        for (Variant v : Variant.values()) {
            trained.add(train(v, monitorDir));
        }
        Trained darkBright = trained.get(Variant.DARK_BRIGHT.ordinal());
        Trained midgray = trained.get(Variant.MIDGRAY.ordinal());
        Trained denseHead = trained.get(Variant.DENSE_HEAD.ordinal());

        List<EvidenceExperiment> experiments = new ArrayList<>();
        List<ProbeFigure> figures = new ArrayList<>();
        evidence("dark-evidence", "1. Dark evidence: a black mark decides the class", darkBright, test, 1,
                experiments, figures);
        evidence("bright-control", "2. Bright control: a white mark, same geometry", darkBright, test, 2,
                experiments, figures);
        evidence("dense-head-dark-evidence", "1b. Dense head: a black mark decides the class", denseHead, test, 1,
                experiments, figures);
        evidence("dense-head-bright-control", "2b. Dense head: a white mark, same geometry", denseHead, test, 2,
                experiments, figures);
        evidence("midgray-evidence", "3a. Inputs in [−1, 1]: a mid-gray mark (the zero point) decides the class",
                midgray, test, 1, experiments, figures);
        evidence("midgray-black", "3b. Inputs in [−1, 1]: a black mark, no longer at the zero point", midgray, test, 2,
                experiments, figures);
        ReEncodingResult reEncoding = reEncoding(darkBright, test);
        List<SweepExperiment> sweep = List.of(
                sweep("rectgrad-sweep", "5a. RectGrad threshold sweep, global max pooling", darkBright, test),
                sweep("rectgrad-sweep-dense-head", "5b. RectGrad threshold sweep, dense head", denseHead, test));

        List<Plot> plots = new ArrayList<>();
        sweep.forEach(e -> plots.add(sweepPlot(e)));
        for (Trained t : trained) {
            plots.add(monitorPlot(t));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("data", settings.data().toString());
        info.put("trainExamples", settings.trainExamples());
        info.put("epochs", settings.epochs());
        info.put("imagesPerExperiment", settings.images());
        info.put("monitorEvery", settings.monitorEvery());
        info.put("monitorProbes", settings.monitorProbes());
        info.put("seed", settings.seed());
        info.put("mark", MarkedItemsTask.MARK + "x" + MarkedItemsTask.MARK + " px");
        info.put("occlusion", "window " + MarkedItemsTask.MARK + ", stride " + OCCLUSION_STRIDE
                + ", fill: mid-band garment intensity");
        info.put("methods", "default parameters (rectgrad q=98, integrated-gradients 50 steps from a zero baseline, "
                + "lrp-epsilon epsilon=1e-6)");
        return new ReproductionResult(startedAt, (System.nanoTime() - start) / 1e9, info,
                trained.stream().map(Trained::summary).toList(), experiments, reEncoding, sweep, figures, plots);
    }

    /**
     * Trains the model of one variant from scratch, seeded, with the training listener following the
     * evidence share (its records also go to {@code training-<variant>.jsonl} in {@code monitorDir}
     * unless that is null), and measures its accuracy on held-out examples.
     */
    public Trained train(Variant v, Path monitorDir) {
        MarkedItemsTask task = new MarkedItemsTask(v);
        FashionMnist.Items train = trainItems();
        FashionMnist.Items test = testItems();
        long seed = settings.seed() + 100L * v.ordinal();
        MarkedItemsTask.Examples examples = task.examples(train, 0, settings.trainExamples(), seed + 1, -1);
        MarkedItemsTask.Examples probes = task.examples(test, MONITOR_OFFSET, settings.monitorProbes(), seed + 2, 1);
        int[] targets = new int[probes.size()];
        Arrays.fill(targets, 1);
        InputBiasListener.Builder b = InputBiasListener.builder()
                .probes(probes.input(), probes.regions())
                .targets(targets)
                .everyIterations(settings.monitorEvery());
        if (monitorDir != null) {
            b.jsonLines(monitorDir.resolve("training-" + v.id() + ".jsonl"));
        }
        MONITORED.forEach(b::method);
        long t0 = System.nanoTime();
        progress.accept(String.format(Locale.ROOT, "training the %s model (inputs in %s) on %d Fashion-MNIST "
                        + "garments from %s: %d examples × %d epochs, monitoring the %s-mark share every %d iterations",
                v.id(), v.range(), train.size(), settings.data(), examples.size(), settings.epochs(), v.markName(1),
                settings.monitorEvery()));
        MultiLayerNetwork net;
        List<InputBiasListener.Record> records;
        try (InputBiasListener listener = b.build()) {
            net = task.train(examples, settings.epochs(), seed, listener);
            records = listener.records();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        MarkedItemsTask.Examples check = task.examples(test, ACCURACY_OFFSET, ACCURACY_EXAMPLES, seed + 3, -1);
        double accuracy = MarkedItemsTask.accuracy(net, check);
        progress.accept(String.format(Locale.ROOT, "  trained in %.1f s; accuracy %.4f on %d test examples", seconds,
                accuracy, check.size()));
        return new Trained(task, net, new TrainedModel(v.id(), v.range(), v.network().description(),
                "models/" + modelFile(v), examples.size(), settings.epochs(), seconds, accuracy, check.size(), records));
    }

    private FashionMnist.Items trainItems() {
        if (trainSplit == null) {
            trainSplit = FashionMnist.read(settings.data(), FashionMnist.Split.TRAIN,
                    Math.min(settings.trainExamples(), 60_000));
        }
        return trainSplit;
    }

    private FashionMnist.Items testItems() {
        if (testSplit == null) {
            testSplit = FashionMnist.read(settings.data(), FashionMnist.Split.TEST, 10_000);
        }
        return testSplit;
    }

    /** The file name a variant's model is saved under. */
    public static String modelFile(Variant v) {
        return "fashion-" + v.id() + ".zip";
    }

    private void evidence(String id, String title, Trained t, FashionMnist.Items test, int mark,
                          List<EvidenceExperiment> experiments, List<ProbeFigure> figures) {
        long t0 = System.nanoTime();
        Variant v = t.task().variant();
        MarkedItemsTask.Examples ex = t.task().examples(test, 0, settings.images(),
                settings.seed() + 1000L * v.ordinal() + 10 + mark, mark);
        Explainer explainer = Explainer.of(t.network());
        Targets targets = Targets.all(mark);
        Map<String, INDArray> maps = new LinkedHashMap<>();
        List<MethodShare> shares = new ArrayList<>();
        for (String m : METHODS) {
            INDArray map = explainer.explain(ex.input(), targets, MethodRegistry.create(m)).map();
            maps.put(m, map);
            shares.add(share(m, map, ex));
        }
        INDArray occlusionMap = explainer.explain(ex.input(), targets, occlusion(v)).map();
        maps.put(MethodRegistry.OCCLUSION, occlusionMap);
        MethodShare occ = share(MethodRegistry.OCCLUSION, occlusionMap, ex);
        double area = RelevanceShare.areaShare(ex.regions()[0]);
        double accuracy = MarkedItemsTask.accuracy(t.network(), ex);
        experiments.add(new EvidenceExperiment(id, title, v.id() + " model, inputs in " + v.range(),
                v.markName(mark) + " mark (" + num(v.mark(mark)) + " display, "
                        + num(v.space().toModel(v.mark(mark), 0)) + " model input)",
                mark, ex.size(), accuracy, area, occ, shares));
        List<FigureRow> rows = new ArrayList<>();
        for (int i = 0; i < settings.figureImages(); i++) {
            Map<String, double[][]> row = new LinkedHashMap<>();
            for (String c : FIGURE_COLUMNS) {
                row.put(c, Maps.channelSum(maps.get(c), i));
            }
            rows.add(new FigureRow(FashionMnist.CLASS_NAMES[ex.garments()[i]] + ", " + v.markName(mark) + " mark",
                    Maps.image(ex.display(), i), row));
        }
        figures.add(new ProbeFigure(id, title + ". Explained: the logit of the mark's class.", FIGURE_COLUMNS, rows));
        progress.accept(String.format(Locale.ROOT, "%s: %d images, %d methods and occlusion in %.1f s", id, ex.size(),
                METHODS.size(), (System.nanoTime() - t0) / 1e9));
    }

    private static Occlusion occlusion(Variant v) {
        return Occlusion.builder().window(MarkedItemsTask.MARK).stride(OCCLUSION_STRIDE)
                .value(v.space().toModel(v.occlusionFill(), 0)).build();
    }

    private static MethodShare share(String method, INDArray map, MarkedItemsTask.Examples ex) {
        double[] s = ex.shares(map);
        return new MethodShare(method, Spread.of(s), s);
    }

    private ReEncodingResult reEncoding(Trained t, FashionMnist.Items test) {
        long t0 = System.nanoTime();
        Variant v = t.task().variant();
        MarkedItemsTask.Examples ex = t.task().examples(test, 0, settings.images(), settings.seed() + 20, -1);
        Targets targets = Targets.perExample(ex.classes());
        Explainer original = Explainer.of(t.network());
        INDArray logits = original.engine().logits(ex.input());
        Map<String, INDArray> maps = new LinkedHashMap<>();
        for (String m : METHODS) {
            maps.put(m, original.explain(ex.input(), targets, MethodRegistry.create(m)).map());
        }
        List<String> names = new ArrayList<>();
        Map<String, Double> mismatch = new LinkedHashMap<>();
        Map<String, Map<String, Spread>> errors = new LinkedHashMap<>();
        METHODS.forEach(m -> errors.put(m, new LinkedHashMap<>()));
        for (ReEncoding r : ReEncoding.standard(SHIFT)) {
            String name = String.format(Locale.ROOT, "%s (a=%s, c=%s)", r.name(), num(r.a()), num(r.c()));
            names.add(name);
            Model rewritten = r.rewrite(t.network(), v.space());
            Explainer re = Explainer.of(rewritten);
            INDArray encoded = r.encodeModel(ex.display(), v.space(), DataType.FLOAT);
            mismatch.put(name, ReEncoding.logitMismatch(logits, re.engine().logits(encoded)));
            for (String m : METHODS) {
                INDArray reEncoded = re.explain(encoded, targets, MethodRegistry.create(m)).map();
                errors.get(m).put(name, Spread.of(ReEncodingErrors.of(maps.get(m), reEncoded, r.a(), 0)));
            }
        }
        progress.accept(String.format(Locale.ROOT, "re-encoding: %d images × %d re-encodings × %d methods in %.1f s",
                ex.size(), names.size(), METHODS.size(), (System.nanoTime() - t0) / 1e9));
        return new ReEncodingResult(v.id() + " model, inputs in " + v.range(), ex.size(), names, mismatch, errors);
    }

    private SweepExperiment sweep(String id, String title, Trained t, FashionMnist.Items test) {
        long t0 = System.nanoTime();
        SweepExperiment e = ThresholdSweep.run(id, title, t.task(), t.network(), test, settings.images(),
                settings.seed() + 11);
        progress.accept(String.format(Locale.ROOT, "rectgrad sweep on the %s model: %d settings in %.1f s",
                t.task().variant().id(), e.rows().size() + 1, (System.nanoTime() - t0) / 1e9));
        return e;
    }

    private static Plot sweepPlot(SweepExperiment e) {
        List<Series> series = List.of(
                series("rectgrad, black mark", e.q(), e.rows().stream().map(SweepRow::rectgradDark).toList()),
                series("nobias-rectgrad, black mark", e.q(), e.rows().stream().map(SweepRow::nobiasDark).toList()),
                series("rectgrad, white mark", e.q(), e.rows().stream().map(SweepRow::rectgradBright).toList()),
                series("nobias-rectgrad, white mark", e.q(), e.rows().stream().map(SweepRow::nobiasBright).toList()));
        return new Plot(e.id(), e.title() + ": share of |relevance| on the mark", "percentile q", "share on the mark",
                series);
    }

    private static Series series(String name, double[] x, List<Spread> spreads) {
        return new Series(name, x, spreads.stream().mapToDouble(Spread::mean).toArray(),
                spreads.stream().mapToDouble(Spread::sd).toArray());
    }

    private static Plot monitorPlot(Trained t) {
        Variant v = t.task().variant();
        List<InputBiasListener.Record> records = t.summary().monitor();
        List<Series> series = new ArrayList<>();
        for (String m : MONITORED) {
            List<InputBiasListener.Record> mine = records.stream().filter(r -> r.method().equals(m)).toList();
            series.add(new Series(m, mine.stream().mapToDouble(InputBiasListener.Record::iteration).toArray(),
                    mine.stream().mapToDouble(InputBiasListener.Record::mean).toArray(),
                    mine.stream().mapToDouble(InputBiasListener.Record::std).toArray()));
        }
        if (!records.isEmpty()) {
            double[] x = records.stream().mapToDouble(InputBiasListener.Record::iteration).distinct().toArray();
            double[] area = new double[x.length];
            Arrays.fill(area, records.get(0).areaShare());
            series.add(new Series("area share", x, area, null));
        }
        return new Plot("training-" + v.id(), "Training the " + v.id() + " model (inputs in " + v.range() + "): "
                + v.markName(1) + "-mark share of |relevance|", "iteration", "share on the mark", series);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
