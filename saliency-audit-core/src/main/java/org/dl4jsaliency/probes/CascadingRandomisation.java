package org.dl4jsaliency.probes;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.engine.AnalysisCopies;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cascading model-parameter randomisation (Adebayo et al. 2018; docs/algorithms.md §5.6) on a private deep
 * copy: layers with weights are re-initialised from the top down, one more at each step. A layer's
 * weight arrays (keys starting with W, and the depthwise / pointwise {@code dW}, {@code pW}) get
 * Gaussian values with the standard deviation of the trained array (the scale of a typical
 * initialisation), its biases become 0, as at initialisation; BatchNorm statistics are left as trained,
 * which keeps the randomised networks numerically tame.
 */
public final class CascadingRandomisation {
    private static final int BLOCK = 1 << 20;

    private final Model copy;
    private final List<Layer> topDown;
    private final Random rng;
    private int randomised;

    /** Prepares the cascade on a deep copy of {@code model}; the original is never touched. */
    public CascadingRandomisation(Model model, long seed) {
        this.copy = AnalysisCopies.copyOf(model, true);
        this.topDown = weightLayersTopDown(copy);
        this.rng = new Random(seed);
    }

    /** The number of layers with weights: the cascade's full depth. */
    public int depth() {
        return topDown.size();
    }

    /** The names of the layers with weights, from the top. */
    public List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (Layer l : topDown) {
            names.add(l.conf().getLayer().getLayerName());
        }
        return names;
    }

    /**
     * Randomises further until the top {@code layers} layers are re-initialised and returns the copy
     * (the same object each call: build a fresh engine on it after each step).
     */
    public Model randomiseTop(int layers) {
        if (layers < randomised || layers > topDown.size()) {
            throw new IllegalArgumentException("cascade steps go from " + randomised + " to at most " + topDown.size()
                    + " layers; asked for " + layers);
        }
        for (; randomised < layers; randomised++) {
            reinitialise(topDown.get(randomised));
        }
        return copy;
    }

    private void reinitialise(Layer layer) {
        for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
            String key = e.getKey();
            INDArray p = e.getValue();
            if (key.startsWith("W") || key.equals("dW") || key.equals("pW")) {
                double std = p.stdNumber().doubleValue();
                // Drawn in C order a block at a time: a VGG16 fc6 holds 10^8 weights.
                INDArray drawn = Nd4j.create(p.dataType(), p.shape(), 'c');
                INDArray flat = drawn.reshape(new long[] {p.length()});
                for (long from = 0; from < p.length(); from += BLOCK) {
                    double[] values = new double[(int) Math.min(BLOCK, p.length() - from)];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rng.nextGaussian() * std;
                    }
                    flat.get(NDArrayIndex.interval(from, from + values.length))
                            .assign(Nd4j.createFromArray(values).castTo(p.dataType()));
                }
                p.assign(drawn);
                drawn.close();
            } else if (key.equals("b")) {
                p.assign(0);
            }
        }
    }

    private static List<Layer> weightLayersTopDown(Model model) {
        List<Layer> layers = new ArrayList<>();
        if (model instanceof MultiLayerNetwork m) {
            for (Layer l : m.getLayers()) {
                addIfWeighted(layers, l);
            }
        } else {
            ComputationGraph g = (ComputationGraph) model;
            for (int idx : g.topologicalSortOrder()) {
                GraphVertex v = g.getVertices()[idx];
                if (v.hasLayer()) {
                    addIfWeighted(layers, v.getLayer());
                }
            }
        }
        java.util.Collections.reverse(layers);
        return layers;
    }

    private static void addIfWeighted(List<Layer> layers, Layer l) {
        for (String key : l.paramTable().keySet()) {
            if (key.startsWith("W") || key.equals("dW") || key.equals("pW")) {
                layers.add(l);
                return;
            }
        }
    }
}
