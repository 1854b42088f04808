package org.dl4jsaliency.engine;

import org.dl4jsaliency.spi.GraphVariant;
import org.dl4jsaliency.spi.ParameterTransform;
import org.dl4jsaliency.spi.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The engine's {@link RuleContext}: a node's forward arrays and its op, which rules reach only through it. */
final class NodeRuleContext implements RuleContext {
    private final Node node;
    private final INDArray[] inputs;
    private final INDArray output;
    private final boolean privateParameters;

    NodeRuleContext(Node node, INDArray[] inputs, INDArray output, boolean privateParameters) {
        this.node = node;
        this.inputs = inputs;
        this.output = output;
        this.privateParameters = privateParameters;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public INDArray input(int i) {
        return inputs[i];
    }

    @Override
    public INDArray output() {
        return output;
    }

    @Override
    public INDArray[] gradient(INDArray signal) {
        return node.op().backward(inputs, output, signal);
    }

    @Override
    public int inputCount() {
        return inputs.length;
    }

    @Override
    public boolean hasParameters() {
        return node.op() instanceof LayerBacked b && !b.layer().paramTable().isEmpty();
    }

    @Override
    public INDArray forwardWith(ParameterTransform transform, INDArray input) {
        return withParameters(transform, () -> node.op().forward(new INDArray[] {input}));
    }

    @Override
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
