package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CenterLossOutputLayer;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.Pooling2D;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.spi.GraphVariant;
import org.dl4jsaliency.spi.NodeKind;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an analysis copy of a network into an {@link AnalysisGraph}: one node per computation, fused
 * activations split off, inference-time identities made explicit, and the output traced back to the
 * logits. The copy's layer configurations are modified (activation set to identity where it was
 * split off, dropout and weight noise removed); the copy must never be the user's model.
 */
final class AnalysisGraphBuilder {
    private static final Set<Class<?>> CONVOLUTION = Set.of(ConvolutionLayer.class, Convolution2D.class,
            SeparableConvolution2D.class, DepthwiseConvolution2D.class);
    private static final Set<Class<?>> DENSE = Set.of(DenseLayer.class, OutputLayer.class,
            CenterLossOutputLayer.class);
    private static final Set<Class<?>> POOLING = Set.of(SubsamplingLayer.class, Pooling2D.class,
            GlobalPoolingLayer.class);
    private static final Set<Class<?>> OTHER = Set.of(LocalResponseNormalization.class,
            ZeroPaddingLayer.class, Cropping2D.class, Upsampling2D.class);
    private static final Set<Class<?>> VERTICES = Set.of(ElementWiseVertex.class, MergeVertex.class,
            PreprocessorVertex.class, SubsetVertex.class, ScaleVertex.class, L2NormalizeVertex.class);
    private static final String ADVICE = "supported layers are Dense, Output, CenterLossOutput, Loss, "
            + "Convolution2D, SeparableConvolution2D, DepthwiseConvolution2D, Subsampling, GlobalPooling, "
            + "BatchNormalization, LocalResponseNormalization, Activation, Dropout, ZeroPadding, Cropping2D, "
            + "Upsampling2D and frozen wrappers of these; replace the layer or open an issue for it";

    private final List<Node> nodes = new ArrayList<>();
    private final List<LayerReport> reports = new ArrayList<>();
    private final List<UnsupportedLayerException> problems = new ArrayList<>();
    /** The copy computes in NHWC although the model reads NCHW ({@link InternalLayout}). */
    private final boolean nhwc;

    private AnalysisGraphBuilder(boolean nhwc) {
        this.nhwc = nhwc;
    }

    /**
     * Builds the graph of an analysis copy.
     *
     * @param strict throw the first {@link UnsupportedLayerException} instead of recording it
     */
    static AnalysisGraph build(Object copy, boolean strict) {
        return build(copy, strict, GraphVariant.SHARED_PARAMETERS);
    }

    /**
     * Builds the graph of an analysis copy of the given variant; a copy for
     * {@link GraphVariant#BATCH_NORM_FOLDED} must have private parameters.
     */
    static AnalysisGraph build(Object copy, boolean strict, GraphVariant variant) {
        return build(copy, strict, variant, false);
    }

    /**
     * Builds the graph of an analysis copy whose configuration {@link InternalLayout} converted to NHWC
     * when {@code nhwc}: the input is transposed on entry and the flattening keeps NCHW order.
     */
    static AnalysisGraph build(Object copy, boolean strict, GraphVariant variant, boolean nhwc) {
        AnalysisGraphBuilder b = new AnalysisGraphBuilder(nhwc);
        int output;
        if (copy instanceof MultiLayerNetwork mln) {
            output = b.addMultiLayer(mln);
        } else if (copy instanceof ComputationGraph cg) {
            output = b.addGraph(cg);
        } else {
            throw new IllegalArgumentException("Expected a MultiLayerNetwork or ComputationGraph, got "
                    + (copy == null ? "null" : copy.getClass().getName()));
        }
        if (strict && !b.problems.isEmpty()) {
            throw b.problems.get(0);
        }
        if (variant == GraphVariant.BATCH_NORM_FOLDED && b.problems.isEmpty()) {
            b.foldBatchNorms();
        }
        return b.finish(output, variant != GraphVariant.SHARED_PARAMETERS);
    }

    private int addMultiLayer(MultiLayerNetwork net) {
        int prev = toInternalLayout(add("input", "input", NodeKind.INPUT, new int[0], null, null, null), "input");
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            String name = layerName(layers[i], "layer" + i);
            InputPreProcessor pp = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pp != null) {
                prev = add(name + "/preprocessor", name, NodeKind.PREPROCESSOR, new int[] {prev}, preprocessorOp(pp),
                        pp, null);
            }
            int first = nodes.size();
            prev = addLayer(layers[i], name, prev);
            indexFrom(first, i);
        }
        return prev;
    }

    private int addGraph(ComputationGraph cg) {
        List<String> inputs = cg.getConfiguration().getNetworkInputs();
        List<String> outputs = cg.getConfiguration().getNetworkOutputs();
        if (inputs.size() != 1 || outputs.size() != 1) {
            throw new IllegalArgumentException("Only ComputationGraphs with one input and one output can be "
                    + "explained; this one has inputs " + inputs + " and outputs " + outputs);
        }
        GraphVertex[] vertices = cg.getVertices();
        Map<Integer, Integer> nodeOf = new HashMap<>();
        for (int vi : cg.topologicalSortOrder()) {
            GraphVertex v = vertices[vi];
            String name = v.getVertexName();
            if (v.isInputVertex()) {
                nodeOf.put(vi, toInternalLayout(add(name, name, NodeKind.INPUT, new int[0], null, null, null), name));
                continue;
            }
            VertexIndices[] in = v.getInputVertices();
            int[] ins = new int[in.length];
            for (int j = 0; j < in.length; j++) {
                ins[j] = nodeOf.get(in[j].getVertexIndex());
            }
            if (v instanceof LayerVertex lv) {
                int prev = ins[0];
                InputPreProcessor pp = lv.getLayerPreProcessor();
                if (pp != null) {
                    prev = add(name + "/preprocessor", name, NodeKind.PREPROCESSOR, new int[] {prev},
                            preprocessorOp(pp), pp, null);
                }
                int first = nodes.size();
                nodeOf.put(vi, addLayer(lv.getLayer(), name, prev));
                indexFrom(first, vi);
                continue;
            }
            Object conf = cg.getConfiguration().getVertices().get(name);
            if (conf == null || !VERTICES.contains(conf.getClass())) {
                String cls = conf == null ? v.getClass().getName() : conf.getClass().getName();
                problem(name, cls, "supported vertices are ElementWise, Merge, Preprocessor, Subset, Scale "
                        + "and L2Normalize");
                nodeOf.put(vi, ins.length > 0 ? ins[0] : 0);
                continue;
            }
            if (conf instanceof PreprocessorVertex pv) {
                // DL4J's runtime PreprocessorVertex asks the graph for its batch size, which an
                // analysis walk never sets: apply the preprocessor directly.
                nodeOf.put(vi, add(name, name, NodeKind.PREPROCESSOR, ins, new PreprocessorOp(pv.getPreProcessor()),
                        pv.getPreProcessor(), null));
                reports.add(new LayerReport(name, conf.getClass().getSimpleName(), "preprocessor", true, List.of(name)));
                continue;
            }
            boolean sum = conf instanceof ElementWiseVertex ew && ew.getOp() == ElementWiseVertex.Op.Add && ins.length > 1;
            NodeOp op = sum ? new SumOp() : nhwc && conf instanceof MergeVertex ? new ChannelConcatOp() : new VertexOp(v);
            int idx = add(name, name, NodeKind.VERTEX, ins, op, conf, null);
            nodes.get(idx).setLayerIndex(vi);
            reports.add(new LayerReport(name, conf.getClass().getSimpleName(),
                    sum ? "element-wise sum; signal passed to every input" : "DL4J vertex forward/backward",
                    true, List.of(name)));
            nodeOf.put(vi, idx);
        }
        GraphVertex out = cg.getVertex(outputs.get(0));
        return nodeOf.get(out.getVertexIndex());
    }

    private int addLayer(Layer runtime, String name, int prev) {
        Layer layer = runtime;
        boolean frozen = false;
        while (layer instanceof BaseWrapperLayer w) {
            layer = w.getUnderlying();
            frozen = true;
        }
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        conf.setIDropout(null);
        if (conf instanceof BaseLayer bl) {
            bl.setWeightNoise(null);
        }
        Class<?> c = conf.getClass();
        String prefix = frozen ? "frozen; " : "";
        int first = nodes.size();
        int last;
        String handling;
        if (c == ConvolutionLayer.class || c == Convolution2D.class) {
            last = add(name, name, NodeKind.LINEAR, new int[] {prev},
                    new ConvolutionOp(layer, (ConvolutionLayer) conf), conf, null);
            last = splitActivation((BaseLayer) conf, name, last);
            handling = "linear part; input gradient by transposed convolution";
        } else if (CONVOLUTION.contains(c)) {
            last = add(name, name, NodeKind.LINEAR, new int[] {prev}, new DelegatingLayerOp(layer), conf, null);
            last = splitActivation((BaseLayer) conf, name, last);
            handling = "linear part by DL4J backward";
        } else if (DENSE.contains(c)) {
            // Layer normalisation inside a Dense layer is not a plain xW + b: let DL4J compute it.
            NodeOp op = conf instanceof DenseLayer d && d.hasLayerNorm() ? new DelegatingLayerOp(layer)
                    : new DenseLinearOp(layer);
            last = add(name, name, NodeKind.LINEAR, new int[] {prev}, op, conf, null);
            last = splitActivation((BaseLayer) conf, name, last);
            handling = "linear part xW+b, input gradient signal·Wᵀ";
        } else if (c == BatchNormalization.class) {
            last = add(name, name, NodeKind.BATCH_NORM, new int[] {prev},
                    new BatchNormOp(layer, (BatchNormalization) conf), conf, null);
            // No activation split: DL4J's BatchNormalization ignores its configured activation.
            handling = "inference form γ(x−μ)/√(σ²+ε)+β";
        } else if (c == SubsamplingLayer.class && PoolingOp.exact((SubsamplingLayer) conf)) {
            last = add(name, name, NodeKind.POOLING, new int[] {prev}, new PoolingOp(layer, (SubsamplingLayer) conf),
                    conf, null);
            handling = "pooling by ND4J's pooling ops";
        } else if (POOLING.contains(c)) {
            last = add(name, name, NodeKind.POOLING, new int[] {prev}, new DelegatingLayerOp(layer), conf, null);
            handling = "pooling by DL4J backward";
        } else if (OTHER.contains(c)) {
            last = add(name, name, NodeKind.OTHER_LAYER, new int[] {prev}, new DelegatingLayerOp(layer), conf, null);
            handling = "DL4J backward";
        } else if (c == DropoutLayer.class) {
            last = add(name, name, NodeKind.IDENTITY, new int[] {prev}, new IdentityOp(), conf, null);
            handling = "identity at inference";
        } else if (c == LossLayer.class) {
            last = add(name, name, NodeKind.IDENTITY, new int[] {prev}, new IdentityOp(), conf, null);
            last = splitActivation((BaseLayer) conf, name, last);
            handling = "identity (loss ignored)";
        } else if (c == ActivationLayer.class) {
            IActivation act = ((ActivationLayer) conf).getActivationFn();
            last = add(name, name, NodeKind.ACTIVATION, new int[] {prev}, new ActivationOp(act), conf, act);
            handling = "activation " + act;
        } else {
            problem(name, c.getName(), ADVICE);
            return prev;
        }
        List<String> made = new ArrayList<>();
        for (int i = first; i < nodes.size(); i++) {
            made.add(nodes.get(i).name());
        }
        reports.add(new LayerReport(name, c.getSimpleName(), prefix + handling, true, made));
        return last;
    }

    /** After the input node of an NHWC copy, the node that transposes the batch; else the input itself. */
    private int toInternalLayout(int input, String name) {
        return nhwc ? add(name + "/nhwc", name, NodeKind.PREPROCESSOR, new int[] {input}, new LayoutOp(), null, null)
                : input;
    }

    private NodeOp preprocessorOp(InputPreProcessor pp) {
        if (nhwc && pp instanceof CnnToFeedForwardPreProcessor) {
            return new NchwFlattenOp();
        }
        if (nhwc && pp instanceof FeedForwardToCnnPreProcessor f) {
            return new FlatToNhwcOp(f);
        }
        return new PreprocessorOp(pp);
    }

    private int splitActivation(BaseLayer conf, String name, int linear) {
        IActivation act = conf.getActivationFn();
        if (act == null || act instanceof ActivationIdentity) {
            return linear;
        }
        conf.setActivationFn(new ActivationIdentity());
        return add(name + "/activation", name, NodeKind.ACTIVATION, new int[] {linear}, new ActivationOp(act),
                conf, act);
    }

    private int add(String name, String origin, NodeKind kind, int[] inputs, NodeOp op, Object config,
                    IActivation act) {
        int index = nodes.size();
        nodes.add(new Node(index, name, origin, kind, inputs, op, config, act));
        return index;
    }

    private void problem(String name, String cls, String advice) {
        problems.add(new UnsupportedLayerException(name, cls, advice));
        reports.add(new LayerReport(name, cls.substring(cls.lastIndexOf('.') + 1), "UNSUPPORTED: " + advice,
                false, List.of()));
    }

    /**
     * Folds each BatchNorm whose input is a Dense or standard convolution layer used by nothing else
     * into that layer's weights and bias (W·s, b·s + β − μ·s), and turns the BatchNorm into an
     * identity. The function computed is unchanged; the parameters changed are the copy's own.
     */
    private void foldBatchNorms() {
        int[] consumers = new int[nodes.size()];
        for (Node n : nodes) {
            for (int in : n.inputs()) {
                consumers[in]++;
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            Node bn = nodes.get(i);
            if (bn.kind() != NodeKind.BATCH_NORM) {
                continue;
            }
            Node linear = nodes.get(bn.input(0));
            boolean dense = linear.op() instanceof DenseLinearOp;
            if (linear.kind() != NodeKind.LINEAR || consumers[linear.index()] != 1
                    || !(dense || linear.op() instanceof ConvolutionOp)) {
                continue;
            }
            Layer layer = ((LayerBacked) linear.op()).layer();
            INDArray bias = layer.paramTable().get("b");
            if (bias == null) {
                continue;
            }
            BatchNormOp op = (BatchNormOp) bn.op();
            INDArray scale = op.scale().castTo(bias.dataType());
            INDArray shift = op.shift().castTo(bias.dataType());
            INDArray w = layer.getParam("W");
            Broadcast.mul(w, scale, w, dense ? 1 : 0);
            bias.assign(bias.reshape(-1).mul(scale).addi(shift).reshape(bias.shape()));
            Node folded = new Node(i, bn.name(), bn.origin(), NodeKind.IDENTITY, bn.inputs(), new IdentityOp(),
                    bn.config(), null);
            folded.setLayerIndex(bn.layerIndex());
            nodes.set(i, folded);
            for (int r = 0; r < reports.size(); r++) {
                LayerReport rep = reports.get(r);
                if (rep.name().equals(bn.origin())) {
                    reports.set(r, new LayerReport(rep.name(), rep.layerClass(),
                            "folded into '" + linear.name() + "'", true, rep.nodes()));
                }
            }
        }
    }

    private void indexFrom(int firstNode, int layerIndex) {
        for (int i = firstNode; i < nodes.size(); i++) {
            nodes.get(i).setLayerIndex(layerIndex);
        }
    }

    /** Marks the linear nodes reached from the input without passing another linear node. */
    private void markInputLayers() {
        boolean[] reached = new boolean[nodes.size()];
        for (Node n : nodes) {
            if (n.kind() == NodeKind.INPUT) {
                reached[n.index()] = true;
                continue;
            }
            boolean fromInput = false;
            for (int in : n.inputs()) {
                fromInput |= reached[in];
            }
            if (fromInput && n.kind() == NodeKind.LINEAR) {
                n.markInputLayer();
            } else {
                reached[n.index()] = fromInput;
            }
        }
    }

    private AnalysisGraph finish(int output, boolean privateParameters) {
        markInputLayers();
        int logits = output;
        while (nodes.get(logits).kind() == NodeKind.IDENTITY) {
            logits = nodes.get(logits).input(0);
        }
        IActivation stripped = null;
        Node last = nodes.get(logits);
        if (last.kind() == NodeKind.ACTIVATION
                && (last.activation() instanceof ActivationSoftmax || last.activation() instanceof ActivationSigmoid)) {
            stripped = last.activation();
            logits = last.input(0);
        }
        return new AnalysisGraph(nodes, logits, stripped, reports, privateParameters, inputLayout());
    }

    /**
     * The layout the model reads its images in: NCHW for an NHWC copy (converted from NCHW), else that of
     * the first convolution or pooling layer, else NCHW.
     */
    private CNN2DFormat inputLayout() {
        if (!nhwc) {
            for (Node n : nodes) {
                if (n.declaresLayout()) {
                    return n.cnnFormat();
                }
            }
        }
        return CNN2DFormat.NCHW;
    }

    private static String layerName(Layer layer, String fallback) {
        String n = layer.conf() == null || layer.conf().getLayer() == null ? null : layer.conf().getLayer().getLayerName();
        return n == null || n.isEmpty() ? fallback : n;
    }
}
