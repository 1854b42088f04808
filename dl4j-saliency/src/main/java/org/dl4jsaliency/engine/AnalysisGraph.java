package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.RuleAssignment;
import org.dl4jsaliency.spi.RuleContext;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A network as the engine walks it: nodes in topological order over one analysis copy of the
 * user's model, from the single input to the logits (the pre-softmax output).
 *
 * <p>An instance is used by one thread at a time; the engine keeps a pool of them.
 */
public final class AnalysisGraph {
    private final List<Node> nodes;
    private final int logitsIndex;
    private final IActivation outputActivation;
    private final List<LayerReport> reports;
    private final boolean privateParameters;
    private final CNN2DFormat inputLayout;

    AnalysisGraph(List<Node> nodes, int logitsIndex, IActivation outputActivation, List<LayerReport> reports,
                  boolean privateParameters, CNN2DFormat inputLayout) {
        this.privateParameters = privateParameters;
        this.inputLayout = inputLayout;
        this.nodes = List.copyOf(nodes);
        this.logitsIndex = logitsIndex;
        this.outputActivation = outputActivation;
        this.reports = List.copyOf(reports);
    }

    /** All nodes in topological order; node 0 is the input. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The node whose output is the logits. */
    public Node logitsNode() {
        return nodes.get(logitsIndex);
    }

    /** The output activation stripped to reach the logits (softmax or sigmoid), or null. */
    public IActivation outputActivation() {
        return outputActivation;
    }

    /**
     * The layout of the image batches the model reads (and of the signal returned at the input), which
     * is not always the layout the graph computes in (see the nodes' {@link Node#cnnFormat()}).
     */
    public CNN2DFormat inputLayout() {
        return inputLayout;
    }

    /**
     * Checks an image batch against the channels the first convolution reads, in Java, so that the
     * mismatch is named before native code fails on it.
     *
     * @throws IllegalArgumentException naming the layer, the channels it expects and the batch's shape
     */
    public void checkInput(INDArray x) {
        if (x.rank() != 4) {
            return;
        }
        for (Node n : nodes) {
            if (n.isInputLayer() && n.config() instanceof ConvolutionLayer c && c.getNIn() > 0) {
                long channels = x.size(inputLayout == CNN2DFormat.NHWC ? 3 : 1);
                if (channels != c.getNIn()) {
                    throw new IllegalArgumentException("'" + n.name() + "' (" + c.getClass().getSimpleName()
                            + ") expects " + c.getNIn() + " input channel(s), got " + channels + ": input shape "
                            + Arrays.toString(x.shape()) + " read as " + inputLayout);
                }
                return;
            }
        }
    }

    /** The pre-flight report, one line per DL4J layer or vertex. */
    public List<LayerReport> reports() {
        return reports;
    }

    /** Finds a node by name. */
    public Node node(String name) {
        for (Node n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("No node named '" + name + "'; nodes are " + names());
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (Node n : nodes) {
            names.add(n.name());
        }
        return names;
    }

    /**
     * Runs the inference forward pass up to the logits.
     *
     * @return every node's output, indexed by node index (entries after the logits are null)
     */
    public INDArray[] forward(INDArray input) {
        return forward(input, null, -1);
    }

    /**
     * Runs the forward pass for a backward pass with {@code rules} that will stop at node {@code stop}.
     * A plain ReLU whose input only it reads, and whose input no rule needs after the forward pass,
     * overwrites that input: its output then stands for both nodes (see {@link BackwardRule#readsInputs()}
     * and {@link BackwardRule#readsOutput()}), which saves one activation-sized array per ReLU.
     *
     * @param rules the rules of the backward pass to come, or null for a forward pass alone
     * @param stop  the node whose output the caller keeps (never overwritten), or -1
     */
    public INDArray[] forward(INDArray input, RuleAssignment rules, int stop) {
        return forward(input, rules, stop, null);
    }

    /** @param readers per node, how many nodes still read its output; null keeps every activation */
    private INDArray[] forward(INDArray input, RuleAssignment rules, int stop, int[] readers) {
        boolean[] inPlace = rules == null ? new boolean[nodes.size()] : reluInPlace(rules, stop);
        INDArray[] acts = new INDArray[nodes.size()];
        acts[0] = input;
        for (int i = 1; i <= logitsIndex; i++) {
            Node node = nodes.get(i);
            INDArray[] ins = inputsOf(node, acts);
            try {
                acts[i] = inPlace[i] ? Transforms.relu(ins[0], false) : node.op().forward(ins);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Forward pass failed at '" + node.name() + "' ("
                        + describeConfig(node) + ") with input shape(s) " + shapes(ins)
                        + ": " + e.getMessage(), e);
            }
            if (readers != null) {
                releaseRead(node, acts, readers);
            }
        }
        return acts;
    }

    /** Frees the inputs of {@code node} that no later node reads (never the input batch or the logits). */
    private void releaseRead(Node node, INDArray[] acts, int[] readers) {
        for (int in : node.inputs()) {
            if (--readers[in] > 0 || in == 0 || in == logitsIndex) {
                continue;
            }
            Release release = new Release().keep(acts[0], acts[logitsIndex], acts[node.index()]);
            for (int k = 0; k < acts.length; k++) {
                if (readers[k] > 0) {
                    release.keep(acts[k]);
                }
            }
            release.release(acts[in]);
            acts[in] = null;
        }
    }

    /**
     * The logits alone: a forward pass that frees each activation as soon as the nodes reading it have
     * run, so that memory holds a few layers' outputs rather than all of them.
     */
    public INDArray logits(INDArray input) {
        int[] readers = new int[nodes.size()];
        for (int i = 1; i <= logitsIndex; i++) {
            for (int in : nodes.get(i).inputs()) {
                readers[in]++;
            }
        }
        INDArray[] acts = forward(input, null, -1, readers);
        return acts[logitsIndex];
    }

    /**
     * Where a forward pass on {@code input} first produces NaN or infinite values: a phrase naming the
     * node and whether its parameters or its inputs were already non-finite, or null if every
     * activation up to the logits is finite. Keeps every activation of the pass, so it is for
     * diagnosing a failure, not for the normal path.
     */
    public String firstNonFinite(INDArray input) {
        INDArray[] acts = forward(input);
        try {
            for (int i = 1; i <= logitsIndex; i++) {
                if (!Finite.isFinite(acts[i])) {
                    Node node = nodes.get(i);
                    List<String> bad = nonFiniteParameters(node);
                    String why = !bad.isEmpty() ? "its parameter(s) " + bad + " hold NaN/Inf"
                            : "its inputs and parameters are finite, so the values overflowed float range";
                    return "node '" + node.name() + "' (" + describeConfig(node) + "): " + why;
                }
            }
            return null;
        } finally {
            releaseActivations(acts, input);
        }
    }

    private static List<String> nonFiniteParameters(Node node) {
        List<String> bad = new ArrayList<>();
        if (node.op() instanceof LayerBacked b) {
            b.layer().paramTable().forEach((key, value) -> {
                if (!Finite.isFinite(value)) {
                    bad.add(key);
                }
            });
        }
        return bad;
    }

    /** Which ReLU nodes may overwrite their input (see {@link #forward(INDArray, RuleAssignment, int)}). */
    private boolean[] reluInPlace(RuleAssignment rules, int stop) {
        int[] consumers = new int[nodes.size()];
        for (Node n : nodes) {
            for (int in : n.inputs()) {
                consumers[in]++;
            }
        }
        boolean[] inPlace = new boolean[nodes.size()];
        for (int i = 1; i <= logitsIndex; i++) {
            Node relu = nodes.get(i);
            if (!relu.isRelu() || relu.inputCount() != 1) {
                continue;
            }
            Node below = nodes.get(relu.input(0));
            BackwardRule atRelu = rules.ruleFor(relu);
            BackwardRule atBelow = rules.ruleFor(below);
            inPlace[i] = below.op() instanceof LayerBacked && consumers[below.index()] == 1
                    && below.index() != stop && (atRelu == null || !atRelu.readsInputs())
                    && (atBelow == null || !atBelow.readsOutput());
        }
        return inPlace;
    }

    /**
     * Back-propagates {@code seed} (∂T/∂logits, one row per example) to the input, applying the
     * assigned rule at each node and summing signals where a node's output fans out.
     *
     * @param acts the outputs of {@link #forward} for the same examples
     * @return the signal at the input, shaped like the input
     */
    public INDArray backward(INDArray[] acts, INDArray seed, RuleAssignment rules) {
        return backwardTo(acts, seed, rules, 0);
    }

    /**
     * Like {@link #backward}, but stops at node {@code stop} and returns the complete signal at its
     * output (zeros if nothing reaches it).
     */
    public INDArray backwardTo(INDArray[] acts, INDArray seed, RuleAssignment rules, int stop) {
        return backwardTo(acts, seed, rules, stop, false);
    }

    /**
     * Repeats a forward and backward pass whose result held NaN or infinite values, checking every
     * node's backward output, and names the first node whose rule produced them.
     *
     * @return a phrase naming the node and its rule, or null if this pass stays finite
     */
    String firstNonFiniteBackward(INDArray input, INDArray seed, RuleAssignment rules, int stop) {
        INDArray[] acts = forward(input, rules, stop);
        try {
            backwardTo(acts, seed, rules, stop, true);
            return null;
        } catch (NonFiniteValueException e) {
            return e.getMessage();
        } finally {
            releaseActivations(acts, input);
        }
    }

    private INDArray backwardTo(INDArray[] acts, INDArray seed, RuleAssignment rules, int stop, boolean check) {
        if (stop < 0 || stop > logitsIndex) {
            throw new IllegalArgumentException("Node index " + stop + " is not between the input and the logits");
        }
        INDArray[] signals = new INDArray[nodes.size()];
        signals[logitsIndex] = seed;
        for (int i = logitsIndex; i > stop; i--) {
            INDArray signal = signals[i];
            if (signal == null) {
                continue;
            }
            signals[i] = null;
            Node node = nodes.get(i);
            INDArray[] ins = inputsOf(node, acts);
            BackwardRule rule = rules.ruleFor(node);
            INDArray[] down = rule == null
                    ? node.op().backward(ins, acts[i], signal)
                    : rule.backward(new NodeRuleContext(node, ins, acts[i], privateParameters), signal);
            if (check) {
                for (INDArray d : down) {
                    if (!Finite.isFinite(d)) {
                        throw new NonFiniteValueException("node '" + node.name() + "' (" + describeConfig(node)
                                + ", rule " + (rule == null ? "gradient" : rule.name()) + ") passed NaN/Inf back "
                                + "although the signal it received was finite");
                    }
                }
            }
            Release release = new Release().keep(seed).keep(acts).keep(down);
            for (int j = 0; j < node.inputCount(); j++) {
                if (down[j] == null) {
                    continue;
                }
                int target = node.input(j);
                if (signals[target] == null) {
                    signals[target] = down[j];
                } else {
                    INDArray old = signals[target];
                    signals[target] = old.add(down[j]);
                    new Release().keep(seed).keep(acts).keep(signals).keep(down).release(old);
                }
            }
            release.keep(signals).release(signal);
        }
        INDArray at = signals[stop];
        return at != null ? at : acts[stop].ulike().assign(0);
    }

    /**
     * Frees the off-heap memory of a pass's activations, except those sharing memory with
     * {@code keep} (results the caller returns).
     */
    static void releaseActivations(INDArray[] acts, INDArray... keep) {
        Release r = new Release().keep(keep);
        for (int i = 1; i < acts.length; i++) {
            r.release(acts[i]);
        }
    }

    private static INDArray[] inputsOf(Node node, INDArray[] acts) {
        INDArray[] ins = new INDArray[node.inputCount()];
        for (int j = 0; j < ins.length; j++) {
            ins[j] = acts[node.input(j)];
        }
        return ins;
    }

    private static String shapes(INDArray[] arrays) {
        List<String> s = new ArrayList<>();
        for (INDArray a : arrays) {
            s.add(a == null ? "null" : Arrays.toString(a.shape()));
        }
        return String.join(", ", s);
    }

    private static String describeConfig(Node node) {
        return node.config() == null ? node.kind().toString() : node.config().getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "AnalysisGraph" + Collections.unmodifiableList(nodes);
    }
}
