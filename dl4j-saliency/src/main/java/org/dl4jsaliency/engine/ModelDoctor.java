package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.GraphVariant;
import org.dl4jsaliency.spi.NodeKind;
import org.dl4jsaliency.spi.RuleAssignment;

import java.util.ArrayList;
import java.util.List;

/**
 * The pre-flight check: walks a model before any computation and reports, layer by layer, how the
 * engine handles it and which backward rule a method applies, without failing on the first
 * unsupported layer.
 */
public final class ModelDoctor {
    private ModelDoctor() {
    }

    /** One line per analysis-graph node: the node, its kind, and the rule the given assignment picks. */
    public record NodeRule(String node, String origin, NodeKind kind, String rule) {
    }

    /**
     * The diagnosis of one model.
     *
     * @param layers one line per DL4J layer or vertex
     * @param nodes  one line per analysis-graph node with its rule (empty if a layer is unsupported)
     */
    public record Diagnosis(List<LayerReport> layers, List<NodeRule> nodes) {
        /** True if every layer is supported. */
        public boolean ok() {
            return layers.stream().allMatch(LayerReport::supported);
        }

        /** A human-readable table. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            for (LayerReport r : layers) {
                sb.append(String.format("%-4s %-28s %-28s %s%n", r.supported() ? "ok" : "FAIL", r.name(),
                        r.layerClass(), r.handling()));
            }
            if (!nodes.isEmpty()) {
                sb.append(System.lineSeparator()).append("backward rules:").append(System.lineSeparator());
                for (NodeRule n : nodes) {
                    sb.append(String.format("  %-36s %-12s %s%n", n.node(), n.kind(), n.rule()));
                }
            }
            return sb.toString();
        }
    }

    /**
     * The model's parameters that hold NaN or infinite values, by their DL4J keys ({@code "3_W"},
     * {@code "conv1_b"}); empty if all are finite. A model with such parameters gives NaN maps.
     */
    public static List<String> nonFiniteParameters(Model model) {
        List<String> bad = new ArrayList<>();
        model.paramTable().forEach((key, value) -> {
            if (!Finite.isFinite(value)) {
                bad.add(key);
            }
        });
        return bad;
    }

    /** Diagnoses {@code model}; {@code rules} may be null for the ordinary gradient. */
    public static Diagnosis examine(Model model, RuleAssignment rules) {
        GraphVariant variant = rules == null ? GraphVariant.SHARED_PARAMETERS : rules.variant();
        AnalysisGraph g = AnalysisGraphBuilder.build(
                AnalysisCopies.copyOf(model, variant != GraphVariant.SHARED_PARAMETERS), false, variant);
        List<NodeRule> nodes = new ArrayList<>();
        boolean ok = g.reports().stream().allMatch(LayerReport::supported);
        if (ok) {
            RuleAssignment r = rules == null ? RuleAssignment.gradient() : rules;
            for (Node n : g.nodes()) {
                if (n.index() > g.logitsNode().index()) {
                    break;
                }
                BackwardRule rule = r.ruleFor(n);
                String name = n.kind() == NodeKind.INPUT ? "-" : rule == null ? "gradient" : rule.name();
                nodes.add(new NodeRule(n.name(), n.origin(), n.kind(), name));
            }
        }
        return new Diagnosis(g.reports(), nodes);
    }
}
