package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.spi.GraphVariant;
import org.dl4jsaliency.spi.RuleAssignment;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Walks a {@code MultiLayerNetwork} or {@code ComputationGraph} forward and backward with per-node
 * backward rules, on analysis copies that never change the user's model. Knows nothing of
 * attribution methods: a method chooses the rules ({@link RuleAssignment}) and what to do with the
 * signal that reaches the input.
 *
 * <p><b>Parameters.</b> The engine works on its own copy of the model's parameters, taken when it is
 * built ({@link Builder#copyParameters(boolean)} turns the copy off), and prepares derived forms of them
 * once (transposed kernels for the backward pass). It
 * notices training through {@code fit()} (the model's iteration and epoch counts) and a new parameter
 * buffer ({@code init}), and then copies the parameters again before the next pass. Parameters
 * changed in place by other means ({@code setParams}, {@code setParam}, {@code params().assign})
 * are not noticed: call {@link #refresh()} after such changes.
 *
 * <p><b>Precision.</b> The engine explains in the model's own floating point type unless
 * {@link Builder#precision(Precision)} asks for another (double for LRP-ε with a small ε, see
 * {@link Precision}); then its copy of the parameters is converted, inputs are converted to that type
 * and maps come back in it. The model itself is never converted.
 *
 * <p>Thread-safe: concurrent calls each borrow their own analysis copy from a pool. Batches are
 * processed in chunks of {@link Builder#chunkSize(int)} examples; every example gets its own target
 * and its own per-layer statistics, so chunking never changes a result.
 *
 * <pre>{@code
 * SaliencyEngine engine = SaliencyEngine.builder(net).chunkSize(8).build();
 * BackwardResult r = engine.backward(x, Targets.predicted(), ExplainedOutput.LOGIT, RuleAssignment.gradient());
 * }</pre>
 */
public final class SaliencyEngine {
    /** Default number of examples per forward/backward pass. */
    public static final int DEFAULT_CHUNK_SIZE = 8;

    private final Model model;
    private final int chunkSize;
    private final boolean copyParameters;
    private final Precision precision;
    private final DataType dataType;
    private final List<LayerReport> reports;
    private volatile Snapshot snapshot;
    private final AtomicLong examples = new AtomicLong();

    private SaliencyEngine(Builder b) {
        this.model = b.model;
        this.chunkSize = b.chunkSize;
        this.copyParameters = b.copyParameters;
        this.precision = b.precision;
        this.snapshot = newSnapshot();
        AnalysisGraph first = snapshot.newGraph(GraphVariant.SHARED_PARAMETERS);
        this.reports = first.reports();
        this.dataType = snapshot.parameters.dataType();
        snapshot.pools.get(GraphVariant.SHARED_PARAMETERS).push(first);
    }

    /** Starts building an engine for {@code model} (a MultiLayerNetwork or ComputationGraph). */
    public static Builder builder(Model model) {
        return new Builder(model);
    }

    /** An engine with default settings. */
    public static SaliencyEngine of(Model model) {
        return builder(model).build();
    }

    /**
     * An engine over a frozen copy of the model as it is now: a cloned configuration over a duplicate of
     * its parameters, so later changes to the model (training steps) do not reach the engine, not even
     * through {@link #refresh()}, and nothing the engine does reaches the model. Passing the parameters
     * to {@code init} skips weight initialisation, which also keeps ND4J's global RNG untouched.
     */
    public static SaliencyEngine ofSnapshot(Model model) {
        return of(AnalysisCopies.copyOf(model, true));
    }

    /** The user's model (never modified by the engine). */
    public Model model() {
        return model;
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** The precision asked for when the engine was built. */
    public Precision precision() {
        return precision;
    }

    /**
     * The floating point type the engine explains in: the model's parameter type, or the one
     * {@link #precision()} asks for. Inputs are converted to it, and maps come back in it.
     */
    public DataType dataType() {
        return dataType;
    }

    /**
     * The number of examples this engine has run through a forward pass so far (with or without a
     * backward pass), for progress displays of long computations.
     */
    public long examplesProcessed() {
        return examples.get();
    }

    /** How each layer or vertex of the model is handled. */
    public List<LayerReport> layerReports() {
        return reports;
    }

    /** Runs {@code work} with an analysis graph borrowed for the calling thread. */
    public <T> T withGraph(Function<AnalysisGraph, T> work) {
        return withGraph(GraphVariant.SHARED_PARAMETERS, work);
    }

    /** Runs {@code work} with an analysis graph of the given variant borrowed for the calling thread. */
    public <T> T withGraph(GraphVariant variant, Function<AnalysisGraph, T> work) {
        Snapshot current = current();
        Deque<AnalysisGraph> pool = current.pools.get(variant);
        AnalysisGraph g = pool.poll();
        if (g == null) {
            g = current.newGraph(variant);
        }
        try {
            return work.apply(g);
        } finally {
            pool.push(g);
        }
    }

    /**
     * Copies the model's parameters again. Needed only after changing them in place without
     * {@code fit()} (for example {@code setParams} or {@code setParam}); passes already running finish
     * with the parameters they started with.
     */
    public void refresh() {
        synchronized (this) {
            snapshot = newSnapshot();
        }
    }

    /** The snapshot to use now, replaced first if the model was trained or re-initialised since. */
    private Snapshot current() {
        Snapshot s = snapshot;
        if (s.version.equals(ModelVersion.of(model))) {
            return s;
        }
        synchronized (this) {
            if (!snapshot.version.equals(ModelVersion.of(model))) {
                snapshot = newSnapshot();
            }
            return snapshot;
        }
    }

    private Snapshot newSnapshot() {
        return new Snapshot(model, copyParameters, precision);
    }

    /** The logits for a batch (chunked forward pass). */
    public INDArray logits(INDArray x) {
        INDArray input = prepare(x);
        List<INDArray> parts = new ArrayList<>();
        for (long start = 0; start < input.size(0); start += chunkSize) {
            long from = start;
            INDArray chunk = chunk(input, from);
            parts.add(withGraph(g -> {
                INDArray z = g.logits(chunk);
                if (!Finite.isFinite(z)) {
                    throw nonFiniteLogits(g, chunk, z, from);
                }
                examples.addAndGet(chunk.size(0));
                return z;
            }));
        }
        return concat(parts);
    }

    /**
     * One forward and backward pass per chunk, returning the signal that reaches the input.
     *
     * @param x       the batch, [N, features] or [N, C, H, W] / [N, H, W, C] as the model expects
     * @param targets the explained class per example
     * @param output  logit (default) or probability
     * @param rules   the backward rule per node
     */
    public BackwardResult backward(INDArray x, Targets targets, ExplainedOutput output, RuleAssignment rules) {
        List<INDArray[]> parts = passes(x, targets, output, rules, null);
        return new BackwardResult(concat(parts, 0), concat(parts, 1), targetsOf(parts), concat(parts, 3));
    }

    /**
     * The output of node {@code nodeName} of the analysis graph (see {@link ModelDoctor} for the
     * names) and the backward signal arriving there.
     */
    public NodeSignal signalAt(String nodeName, INDArray x, Targets targets, ExplainedOutput output,
                               RuleAssignment rules) {
        List<INDArray[]> parts = passes(x, targets, output, rules, nodeName);
        return new NodeSignal(concat(parts, 4), concat(parts, 0), concat(parts, 1), targetsOf(parts), concat(parts, 3));
    }

    /** Per chunk: {signal, scores, targets (as a double vector), logits, activation at the stop node}. */
    private List<INDArray[]> passes(INDArray x, Targets targets, ExplainedOutput output, RuleAssignment rules,
                                    String stopNode) {
        INDArray input = prepare(x);
        long n = input.size(0);
        List<INDArray[]> parts = new ArrayList<>();
        for (long from = 0; from < n; from += chunkSize) {
            INDArray chunk = chunk(input, from);
            int start = (int) from;
            parts.add(withGraph(rules.variant(), g -> {
                int stop = stopNode == null ? 0 : g.node(stopNode).index();
                INDArray[] acts = g.forward(chunk, rules, stop);
                INDArray z = acts[g.logitsNode().index()];
                if (!Finite.isFinite(z)) {
                    AnalysisGraph.releaseActivations(acts, chunk, z);
                    throw nonFiniteLogits(g, chunk, z, start);
                }
                int[] t = targets.resolve(z, start, n);
                INDArray[] seedAndScore = seed(z, t, output, g.outputActivation());
                // Results own their memory: a layer's backward may hand back a view into one of its own
                // temporaries (DL4J's ZeroPaddingLayer crops its padded gradient), whose buffer is freed
                // with that temporary and left a returned map pointing at released memory.
                INDArray s = owned(g.backwardTo(acts, seedAndScore[0], rules, stop));
                INDArray kept = owned(acts[stop]);
                AnalysisGraph.releaseActivations(acts, chunk, s, z, kept);
                if (!Finite.isFinite(s)) {
                    throw nonFiniteSignal(g, chunk, seedAndScore[0], rules, stop, s, start);
                }
                examples.addAndGet(chunk.size(0));
                return new INDArray[] {s, seedAndScore[1], Nd4j.createFromArray(t), z, kept};
            }));
        }
        return parts;
    }

    private static INDArray owned(INDArray a) {
        return a.isView() ? a.dup() : a;
    }

    private static NonFiniteValueException nonFiniteLogits(AnalysisGraph g, INDArray chunk, INDArray z, long offset) {
        String where = g.firstNonFinite(chunk);
        return new NonFiniteValueException("the model's logits hold NaN/Inf for example(s) "
                + examples(Finite.badRows(z), offset) + (where == null ? "" : "; first at " + where));
    }

    private static NonFiniteValueException nonFiniteSignal(AnalysisGraph g, INDArray chunk, INDArray seed,
                                                           RuleAssignment rules, int stop, INDArray s, long offset) {
        String where = g.firstNonFiniteBackward(chunk, seed, rules, stop);
        return new NonFiniteValueException("the backward pass gave NaN/Inf at '" + g.nodes().get(stop).name()
                + "' for example(s) " + examples(Finite.badRows(s), offset) + " although the logits are finite"
                + (where == null ? "" : "; first at " + where));
    }

    private static List<Long> examples(List<Long> rows, long offset) {
        return rows.stream().map(r -> r + offset).toList();
    }

    private static int[] targetsOf(List<INDArray[]> parts) {
        return concat(parts, 2).toIntVector();
    }

    private static INDArray concat(List<INDArray[]> parts, int field) {
        List<INDArray> arrays = new ArrayList<>();
        for (INDArray[] p : parts) {
            arrays.add(p[field]);
        }
        return concat(arrays);
    }

    /** ∂T/∂logits per example and T itself. */
    static INDArray[] seed(INDArray z, int[] targets, ExplainedOutput output, IActivation outputActivation) {
        int n = (int) z.size(0);
        INDArray oneHot = z.ulike().assign(0);
        for (int i = 0; i < n; i++) {
            oneHot.putScalar(i, targets[i], 1.0);
        }
        if (output == ExplainedOutput.LOGIT) {
            return new INDArray[] {oneHot, z.mul(oneHot).sum(1)};
        }
        if (outputActivation instanceof ActivationSoftmax) {
            INDArray p = Transforms.softmax(z, true);
            INDArray pt = p.mul(oneHot).sum(true, 1);
            // ∂p_t/∂z = p_t (onehot − p)
            INDArray grad = oneHot.sub(p).muliColumnVector(pt);
            return new INDArray[] {grad, pt.reshape(n)};
        }
        if (outputActivation instanceof ActivationSigmoid) {
            INDArray p = Transforms.sigmoid(z, true);
            INDArray grad = p.mul(p.rsub(1.0)).muli(oneHot);
            return new INDArray[] {grad, p.mul(oneHot).sum(1)};
        }
        throw new IllegalArgumentException("ExplainedOutput.PROBABILITY needs a model ending in softmax or "
                + "sigmoid; this model's output has no probability activation");
    }

    private INDArray prepare(INDArray x) {
        InputChecks.checkBatch(x);
        withGraph(g -> {
            g.checkInput(x);
            return null;
        });
        return x.dataType() == dataType ? x : x.castTo(dataType);
    }

    private INDArray chunk(INDArray input, long from) {
        long to = Math.min(input.size(0), from + chunkSize);
        if (from == 0 && to == input.size(0)) {
            return input;
        }
        return input.get(NDArrayIndex.interval(from, to)).dup();
    }

    private static INDArray concat(List<INDArray> parts) {
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /**
     * The engine's copy of the model's parameters at one {@link ModelVersion}, and the pools of
     * analysis graphs built over it.
     */
    private static final class Snapshot {
        private final Model model;
        private final ModelVersion version;
        private final INDArray parameters;
        private final Map<GraphVariant, Deque<AnalysisGraph>> pools = new EnumMap<>(GraphVariant.class);

        Snapshot(Model model, boolean copyParameters, Precision precision) {
            this.model = model;
            this.version = ModelVersion.of(model);
            INDArray live = AnalysisCopies.parametersOf(model);
            DataType type = precision.dataType(live.dataType());
            // A conversion is a copy of its own: the model's buffer cannot be read in place in another type.
            this.parameters = type != live.dataType() ? live.castTo(type) : copyParameters ? live.dup() : live;
            for (GraphVariant v : GraphVariant.values()) {
                pools.put(v, new ConcurrentLinkedDeque<>());
            }
        }

        /** Graphs sharing the snapshot read it only; the other variants get a copy they may modify. */
        AnalysisGraph newGraph(GraphVariant variant) {
            INDArray params = variant == GraphVariant.SHARED_PARAMETERS ? parameters : parameters.dup();
            boolean nhwc = InternalLayout.nhwc(model);
            return AnalysisGraphBuilder.build(AnalysisCopies.copyOver(model, params, nhwc), true, variant, nhwc);
        }
    }

    /** Builder for {@link SaliencyEngine}. */
    public static final class Builder {
        private final Model model;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private boolean copyParameters = true;
        private Precision precision = Precision.MODEL;

        private Builder(Model model) {
            if (model == null) {
                throw new IllegalArgumentException("model is null");
            }
            this.model = model;
        }

        /** Examples per forward/backward pass (default 8); bounds memory for large batches. */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /**
         * Whether the engine explains its own copy of the parameters (default true). With false it reads
         * the model's parameter buffer in place, which saves a copy of the parameters (0.5 GB for a
         * VGG16) for models that nothing changes while they are explained; training with {@code fit()}
         * is still noticed, but after any other change call {@link SaliencyEngine#refresh()} before the
         * next explanation. A {@link #precision(Precision)} other than the model's own type always
         * explains a converted copy, so there this setting saves nothing (the rule about {@code refresh()}
         * holds all the same).
         */
        public Builder copyParameters(boolean copy) {
            this.copyParameters = copy;
            return this;
        }

        /**
         * The floating point type to explain in (default {@link Precision#MODEL}, the model's own). With
         * another type the engine explains a converted copy of the parameters (the model is untouched,
         * and training it with {@code fit()} is noticed as usual); inputs are converted to that type and
         * maps come back in it. {@link Precision#DOUBLE} is for methods that float32 serves badly, such
         * as LRP-ε with a small ε (see {@link Precision}); it doubles the memory of the parameter copy and
         * is slower.
         */
        public Builder precision(Precision precision) {
            if (precision == null) {
                throw new IllegalArgumentException("precision is null; Precision.MODEL keeps the model's own type");
            }
            this.precision = precision;
            return this;
        }

        public SaliencyEngine build() {
            return new SaliencyEngine(this);
        }
    }
}
