package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link BackwardRule} sees at one node during a backward pass: the node, its forward inputs
 * and output for the examples being explained, and the node's ordinary gradient.
 */
public final class RuleContext {
    private final Node node;
    private final INDArray[] inputs;
    private final INDArray output;
    private final boolean privateParameters;

    RuleContext(Node node, INDArray[] inputs, INDArray output, boolean privateParameters) {
        this.node = node;
        this.inputs = inputs;
        this.output = output;
        this.privateParameters = privateParameters;
    }

    public Node node() {
        return node;
    }

    /** The node's forward input number {@code i}. Do not modify. */
    public INDArray input(int i) {
        return inputs[i];
    }

    /** The node's forward output. Do not modify. */
    public INDArray output() {
        return output;
    }

    /** The ordinary chain rule of the node applied to {@code signal}. */
    public INDArray[] gradient(INDArray signal) {
        return node.op().backward(inputs, output, signal);
    }

    /** Number of forward inputs of the node. */
    public int inputCount() {
        return inputs.length;
    }

    /** True if the node is computed with layer parameters that {@link #forwardWith} can replace. */
    public boolean hasParameters() {
        return node.op() instanceof LayerBacked b && !b.layer().paramTable().isEmpty();
    }

    /**
     * The node's forward output for {@code input} with its parameters replaced by {@code transform}.
     * Needs rules whose {@link RuleAssignment#variant()} asks for private parameters.
     */
    public INDArray forwardWith(ParameterTransform transform, INDArray input) {
        return withParameters(transform, () -> node.op().forward(new INDArray[] {input}));
    }

    /** The node's ordinary backward at {@code input}, with parameters replaced by {@code transform}. */
    public INDArray backwardWith(ParameterTransform transform, INDArray input, INDArray signal) {
        // The backward of a layer-backed op never reads its forward output: skip recomputing it.
        return withParameters(transform, () -> node.op().backward(new INDArray[] {input}, null, signal)[0]);
    }

    private INDArray withParameters(ParameterTransform transform, java.util.function.Supplier<INDArray> work) {
        if (!privateParameters) {
            throw new IllegalStateException("Rule at '" + node.name() + "' replaces parameters but its rule "
                    + "assignment does not ask for GraphVariant.PRIVATE_PARAMETERS");
        }
        if (!(node.op() instanceof LayerBacked backed)) {
            throw new IllegalStateException("Node '" + node.name() + "' has no parameters to replace");
        }
        java.util.Map<String, INDArray> params = backed.layer().paramTable();
        java.util.Map<String, INDArray> saved = new java.util.HashMap<>();
        try {
            for (java.util.Map.Entry<String, INDArray> e : params.entrySet()) {
                INDArray original = e.getValue().dup();
                saved.put(e.getKey(), original);
                INDArray transformed = transform.apply(e.getKey(), original);
                e.getValue().assign(transformed);
                // Freed now, not at the next garbage collection: a VGG16's dense weights are 400 MB.
                if (transformed != original && transformed != e.getValue()) {
                    Release.closeOwned(transformed);
                }
            }
            backed.parametersChanged();
            return work.get();
        } finally {
            saved.forEach((k, v) -> {
                params.get(k).assign(v);
                Release.closeOwned(v);
            });
            backed.parametersChanged();
        }
    }
}
