package org.dl4jsaliency.spi;

/**
 * Chooses the backward rule for each node of the engine's analysis graph; {@code null} means the
 * ordinary gradient. An attribution method is such a choice plus a final step.
 */
@FunctionalInterface
public interface RuleAssignment {

    /** The rule for {@code node}, or null for the ordinary gradient. */
    BackwardRule ruleFor(NodeInfo node);

    /** The kind of analysis copy these rules need (default: one sharing the user's parameters). */
    default GraphVariant variant() {
        return GraphVariant.SHARED_PARAMETERS;
    }

    /** The ordinary gradient everywhere. */
    static RuleAssignment gradient() {
        return node -> null;
    }
}
