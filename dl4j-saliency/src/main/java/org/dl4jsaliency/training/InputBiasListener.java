package org.dl4jsaliency.training;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.MethodSpec;
import org.dl4jsaliency.engine.InputChecks;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.metrics.RelevanceShare;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Watches how much of each attribution method's relevance falls inside known evidence regions while
 * a model trains, so that a drift of the relevance towards the background (a shortcut being learnt,
 * or a method's own bias) shows up during training instead of after it.
 *
 * <pre>{@code
 * InputBiasListener listener = InputBiasListener.builder()
 *         .probes(x, regions)                       // [N, C, H, W] and boolean[N][H][W]
 *         .method("gradient")
 *         .method("rectgrad", Map.of("q", "90"))    // recorded as "rectgrad(q=90)"
 *         .everyIterations(50)
 *         .jsonLines(Path.of("bias.jsonl"))
 *         .build();
 * net.addListeners(listener);
 * }</pre>
 *
 * <p>Training is never disturbed: each evaluation explains a snapshot of the model (a cloned
 * configuration over a duplicate of the parameters, workspaces off) and never calls the training
 * model's forward pass, never changes its parameters, score, layer inputs or updater, and never draws
 * from ND4J's global RNG, so a run with the listener trains bit for bit like one without it. Methods
 * that need randomness must bring their own seeded generator (as {@code smoothgrad} does).
 *
 * <p>Thread-safe: evaluations are serialised, and {@link #records()} may be read at any time.
 */
public final class InputBiasListener extends BaseTrainingListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InputBiasListener.class);

    private final INDArray probes;
    private final boolean[][][] regions;
    private final Targets targets;
    private final Map<String, AttributionMethod> methods;
    private final int every;
    private final boolean perEpoch;
    private final double areaShare;
    private final Path jsonLines;
    /** Guarded by {@code this}; null when no file was asked for. */
    private BufferedWriter writer;
    private boolean closed;
    /** Guarded by itself, not by {@code this}, so reading records never waits for an evaluation. */
    private final List<Record> records = new ArrayList<>();

    private InputBiasListener(Builder b, Map<String, AttributionMethod> methods) {
        this.probes = b.probes.dup();
        this.regions = deepCopy(b.regions);
        this.targets = b.targets == null ? Targets.predicted() : Targets.perExample(b.targets);
        this.methods = methods;
        this.every = b.everyIterations != null ? b.everyIterations : b.everyEpochs;
        this.perEpoch = b.everyEpochs != null;
        double area = 0;
        for (boolean[][] r : regions) {
            area += RelevanceShare.areaShare(r);
        }
        this.areaShare = area / regions.length;
        this.jsonLines = b.jsonLines;
        this.writer = jsonLines == null ? null : open(jsonLines);
    }

    /** Starts a builder; probes, at least one method and a schedule are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Evaluates after every N-th completed iteration in iteration mode: DL4J calls this with the
     * zero-based index of the iteration just done, so index i is the (i+1)-th update.
     */
    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (!perEpoch && (iteration + 1) % every == 0) {
            evaluate(model, iteration, epoch);
        }
    }

    /**
     * Evaluates after every N-th completed epoch in epoch mode. DL4J calls this before it counts the
     * epoch, so the model's epoch count is the zero-based index of the epoch just finished, while its
     * iteration count has already moved past the last iteration: the record gets that iteration's
     * index, as {@link #iterationDone} would have given it.
     */
    @Override
    public void onEpochEnd(Model model) {
        int epoch = BaseOptimizer.getEpochCount(model);
        if (perEpoch && (epoch + 1) % every == 0) {
            evaluate(model, BaseOptimizer.getIterationCount(model) - 1, epoch);
        }
    }

    /**
     * Records one evaluation of every method now, for the moments the schedule does not cover (after
     * the last iteration, say); the listener's own callbacks go through here too.
     *
     * @param model     the model in training (MultiLayerNetwork or ComputationGraph); only read
     * @param iteration the iteration number to record
     * @param epoch     the epoch number to record
     * @return the new records, one per method in the order the methods were added
     * @throws IllegalStateException after {@link #close()}
     * @throws UncheckedIOException  when the JSON-lines file cannot be written
     */
    public synchronized List<Record> evaluate(Model model, int iteration, int epoch) {
        if (closed) {
            throw new IllegalStateException("InputBiasListener is closed");
        }
        double score = model.score();
        // An engine over the live model would share its parameter buffer: explain a snapshot instead.
        Explainer explainer = Explainer.of(SaliencyEngine.ofSnapshot(model));
        List<Record> out = new ArrayList<>();
        for (Map.Entry<String, AttributionMethod> m : methods.entrySet()) {
            long start = System.nanoTime();
            INDArray map = explainer.explain(probes, targets, m.getValue()).map();
            double[] shares = new double[regions.length];
            for (int i = 0; i < shares.length; i++) {
                shares[i] = RelevanceShare.of(Maps.channelSum(map, i), regions[i]);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            double[] meanStd = meanAndStd(shares);
            Record r = new Record(iteration, epoch, m.getKey(), score, shares, meanStd[0], meanStd[1], areaShare,
                    millis);
            write(r);
            out.add(r);
        }
        synchronized (records) {
            records.addAll(out);
        }
        log.info(summary(out));
        return List.copyOf(out);
    }

    /** Everything recorded so far, oldest first; a copy, so it can be read while training goes on. */
    public List<Record> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** Closes the JSON-lines file; later evaluations are refused rather than silently lost. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not close " + jsonLines, e);
            }
        }
    }

    /**
     * Mean and population standard deviation of the non-NaN values (both NaN when all are NaN): an
     * all-zero map has no relevance to share, which says nothing about where relevance goes.
     */
    private static double[] meanAndStd(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new double[] {mean, Math.sqrt(squares / n)};
    }

    private String summary(List<Record> rs) {
        StringBuilder s = new StringBuilder("Input bias at iteration ").append(rs.get(0).iteration())
                .append(", epoch ").append(rs.get(0).epoch())
                .append(String.format(Locale.ROOT, ", score %.5g, region area %.3f:", rs.get(0).score(), areaShare));
        long millis = 0;
        for (Record r : rs) {
            // Quoted and escaped like in the JSON, so that no label can break the summary's one line.
            s.append(' ');
            Json.string(s, r.method());
            s.append(String.format(Locale.ROOT, " %.3f±%.3f", r.mean(), r.std()));
            millis += r.millis();
        }
        return s.append(" (").append(millis).append(" ms)").toString();
    }

    private static BufferedWriter open(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the JSON-lines file " + path + " for writing", e);
        }
    }

    private void write(Record r) {
        if (writer == null) {
            return;
        }
        try {
            writer.write(r.toJson());
            writer.newLine();
            // Flushed per line so that the file can be followed while training runs, and survives a crash.
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to " + jsonLines, e);
        }
    }

    private static boolean[][][] deepCopy(boolean[][][] a) {
        boolean[][][] out = new boolean[a.length][][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new boolean[a[i].length][];
            for (int r = 0; r < a[i].length; r++) {
                out[i][r] = a[i][r].clone();
            }
        }
        return out;
    }

    /**
     * One method's evaluation at one moment of training.
     *
     * @param iteration DL4J's zero-based index of the last iteration whose update the parameters include
     * @param epoch     DL4J's zero-based epoch index
     * @param method    the method's label
     * @param score     the model's score at that moment, as DL4J last computed it (the loss before
     *                  the latest update)
     * @param shares    per probe, the share of |relevance| (summed over channels) inside its region;
     *                  NaN for an all-zero map
     * @param mean      the mean of {@code shares}, ignoring NaN (NaN if all are NaN)
     * @param std       the population standard deviation of {@code shares}, ignoring NaN
     * @param areaShare the mean over probes of the region's share of the image area: what a map
     *                  spread evenly would score, the baseline to read {@code mean} against
     * @param millis    wall-clock time this method's explanation and shares took
     */
    public record Record(int iteration, int epoch, String method, double score, double[] shares, double mean,
                         double std, double areaShare, long millis) {

        /** Copies {@code shares} so that a record, once made, never changes. */
        public Record {
            shares = shares.clone();
        }

        /** A copy, for the same reason. */
        @Override
        public double[] shares() {
            return shares.clone();
        }

        /** Compares shares by value, as the record's other fields are. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Record r && iteration == r.iteration && epoch == r.epoch
                    && method.equals(r.method) && Double.compare(score, r.score) == 0
                    && Arrays.equals(shares, r.shares) && Double.compare(mean, r.mean) == 0
                    && Double.compare(std, r.std) == 0 && Double.compare(areaShare, r.areaShare) == 0
                    && millis == r.millis;
        }

        /** Consistent with {@link #equals}. */
        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hash(iteration, epoch, method, score, mean, std, areaShare, millis)
                    + Arrays.hashCode(shares);
        }

        /** Shows the shares' values rather than the array's identity. */
        @Override
        public String toString() {
            return "Record[iteration=" + iteration + ", epoch=" + epoch + ", method=" + method + ", score=" + score
                    + ", shares=" + Arrays.toString(shares) + ", mean=" + mean + ", std=" + std + ", areaShare="
                    + areaShare + ", millis=" + millis + "]";
        }

        /** The record as one line of JSON; NaN and infinities become null, which JSON can carry. */
        String toJson() {
            StringBuilder s = new StringBuilder("{\"iteration\":").append(iteration)
                    .append(",\"epoch\":").append(epoch)
                    .append(",\"method\":");
            Json.string(s, method);
            s.append(",\"score\":");
            Json.number(s, score);
            s.append(",\"regionShare\":");
            Json.number(s, mean);
            s.append(",\"regionShareStd\":");
            Json.number(s, std);
            s.append(",\"areaShare\":");
            Json.number(s, areaShare);
            s.append(",\"shares\":[");
            for (int i = 0; i < shares.length; i++) {
                if (i > 0) {
                    s.append(',');
                }
                Json.number(s, shares[i]);
            }
            return s.append("],\"millis\":").append(millis).append('}').toString();
        }
    }

    /**
     * Builder for {@link InputBiasListener}. Everything is checked in {@link #build()}, so a
     * misconfigured listener fails before training starts rather than in the middle of it.
     */
    public static final class Builder {
        private INDArray probes;
        private boolean[][][] regions;
        private int[] targets;
        /** In the order added, which is the order of the records. */
        private final List<WatchedMethod> methods = new ArrayList<>();
        private Integer everyIterations;
        private Integer everyEpochs;
        private Path jsonLines;

        private Builder() {
        }

        /**
         * The fixed examples explained at every evaluation, and per example the region where its
         * evidence lies; fixed so that records from different moments are comparable.
         *
         * @param x       [N, C, H, W] in the model's input type and value range, NCHW
         * @param regions [N][H][W], true inside the evidence region; none may be empty
         */
        public Builder probes(INDArray x, boolean[][]... regions) {
            this.probes = x;
            this.regions = regions;
            return this;
        }

        /**
         * One explained class per probe (its label, typically), so that the records follow a fixed
         * question; without it each probe's predicted class at that moment is explained.
         */
        public Builder targets(int... classes) {
            this.targets = classes == null ? null : classes.clone();
            return this;
        }

        /** A method by canonical name ({@link MethodRegistry}), recorded under that name. */
        public Builder method(String name) {
            return method(name, Map.of());
        }

        /**
         * A method by spec, {@code name} or {@code name:key=value,...} ({@link MethodSpec}), as
         * configurations and the command line write it; recorded as {@link #method(String, Map)} records.
         */
        public Builder methodSpec(String spec) {
            MethodSpec s = MethodSpec.parse(spec);
            return method(s.name(), s.params());
        }

        /**
         * A method by canonical name with {@code name=value} parameters, recorded as
         * {@code name(k=v,...)} (parameters sorted) so that one method with different settings can be
         * watched side by side.
         */
        public Builder method(String name, Map<String, String> params) {
            Map<String, String> p = params == null ? Map.of() : new TreeMap<>(params);
            String label = p.isEmpty() ? name : p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",", name + "(", ")"));
            methods.add(new WatchedMethod(label, name, p, null));
            return this;
        }

        /** A configured method instance, recorded under {@code label}. */
        public Builder method(String label, AttributionMethod method) {
            methods.add(new WatchedMethod(label, null, null, method));
            return this;
        }

        /** Evaluates after every {@code n}-th iteration (the n-th, 2n-th, ... parameter update). */
        public Builder everyIterations(int n) {
            this.everyIterations = n;
            return this;
        }

        /** Evaluates after every {@code n}-th epoch; only training on an iterator ends epochs. */
        public Builder everyEpochs(int n) {
            this.everyEpochs = n;
            return this;
        }

        /** Also writes each record as one JSON line to {@code path}, truncated at {@link #build()}. */
        public Builder jsonLines(Path path) {
            this.jsonLines = path;
            return this;
        }

        /**
         * Checks the configuration, resolves the methods and opens the JSON-lines file.
         *
         * @throws IllegalArgumentException naming the offending setting
         * @throws UncheckedIOException     when the JSON-lines file cannot be opened, naming it
         */
        public InputBiasListener build() {
            checkProbes();
            if (targets != null && targets.length != probes.size(0)) {
                throw new IllegalArgumentException("targets: got " + targets.length + " target classes for "
                        + probes.size(0) + " probes; give one per probe");
            }
            if (everyIterations != null && everyEpochs != null) {
                throw new IllegalArgumentException("Give either everyIterations or everyEpochs, not both");
            }
            if (everyIterations == null && everyEpochs == null) {
                throw new IllegalArgumentException("No schedule: give everyIterations(n) or everyEpochs(n)");
            }
            String schedule = everyIterations != null ? "everyIterations" : "everyEpochs";
            int n = everyIterations != null ? everyIterations : everyEpochs;
            if (n < 1) {
                throw new IllegalArgumentException(schedule + " must be at least 1, got " + n);
            }
            return new InputBiasListener(this, resolveMethods());
        }

        private void checkProbes() {
            if (probes == null) {
                throw new IllegalArgumentException("No probes: give probes(x, regions)");
            }
            if (probes.rank() != 4) {
                throw new IllegalArgumentException("probes must be an [N, C, H, W] batch, got shape "
                        + Arrays.toString(probes.shape()));
            }
            try {
                InputChecks.checkBatch(probes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("probes: " + e.getMessage(), e);
            }
            long count = probes.size(0);
            long h = probes.size(2);
            long w = probes.size(3);
            if (regions == null || regions.length != count) {
                throw new IllegalArgumentException("regions: got " + (regions == null ? 0 : regions.length)
                        + " region masks for " + count + " probes; give one per probe");
            }
            for (int i = 0; i < regions.length; i++) {
                boolean[][] r = regions[i];
                boolean sized = r != null && r.length == h;
                for (int row = 0; sized && row < r.length; row++) {
                    sized = r[row] != null && r[row].length == w;
                }
                if (!sized) {
                    throw new IllegalArgumentException("regions: the mask of probe " + i + " is not " + h + "x" + w
                            + " like the probes' height x width");
                }
                if (RelevanceShare.areaShare(r) == 0) {
                    throw new IllegalArgumentException("regions: the mask of probe " + i
                            + " is empty; a region share needs a region");
                }
            }
        }

        /** A method as added: by registry name and parameters, or as an instance. */
        private record WatchedMethod(String label, String name, Map<String, String> params, AttributionMethod instance) {
        }

        private Map<String, AttributionMethod> resolveMethods() {
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("No methods: give at least one method(...)");
            }
            Map<String, AttributionMethod> out = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (WatchedMethod m : methods) {
                String label = m.label();
                if (label == null || label.isBlank()) {
                    throw new IllegalArgumentException("method: a label or name is missing");
                }
                if (!seen.add(label)) {
                    throw new IllegalArgumentException("method: duplicate label '" + label
                            + "'; every watched method needs its own label");
                }
                if (m.name() != null) {
                    out.put(label, MethodRegistry.create(m.name(), m.params()));
                } else if (m.instance() != null) {
                    out.put(label, m.instance());
                } else {
                    throw new IllegalArgumentException("method '" + label + "': the method instance is null");
                }
            }
            return out;
        }
    }
}
