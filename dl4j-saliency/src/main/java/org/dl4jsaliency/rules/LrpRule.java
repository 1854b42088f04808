package org.dl4jsaliency.rules;

import org.dl4jsaliency.spi.BackwardRule;
import org.dl4jsaliency.spi.ParameterTransform;
import org.dl4jsaliency.spi.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * An LRP rule declared as Zennit declares its rules: {@link Part parts} made of {@link Term terms}, plus a
 * stabiliser. For each part, z_k = Σ_terms term_k(x), s_k = gate_k·R_k / (z_k + stabiliser·sign(z_k))
 * with sign(0) = +1, and every term hands s back to its own input part,
 * R_j += coefficient · input_j · Σ_k ρ(w)_jk s_k (the "gradient trick": the term's backward pass).
 * The ε, γ, z⁺, αβ, zB, w² and Flat rules are instances that differ only in their parts; a new rule
 * is a few lines. A term that is the layer itself ({@link Term#isLayerItself}) uses the node's
 * ordinary output and gradient, so rules made of it alone also serve parameter-free nodes (residual
 * sums, average pooling). Every other term evaluates the layer with modified parameters, which needs
 * a {@link org.dl4jsaliency.spi.GraphVariant} with private parameters. docs/algorithms.md §3 lists
 * the declarations and how they compare with Zennit and iNNvestigate.
 */
public class LrpRule implements BackwardRule {
    /** The stabiliser of every LRP denominator except ε's (Zennit's default). */
    public static final double DEFAULT_STABILIZER = 1e-6;

    private final String name;
    private final double stabilizer;
    private final List<Part> parts;

    /**
     * @param name       the rule's name in the doctor's table and in reports
     * @param stabilizer added to each denominator with its sign (sign(0) = +1); 0 divides exactly and
     *                   lets a unit with z_k = 0 pass nothing
     * @param parts      at least one part
     */
    public LrpRule(String name, double stabilizer, Part... parts) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an LRP rule needs a name");
        }
        if (!(stabilizer >= 0) || Double.isInfinite(stabilizer)) {
            throw new IllegalArgumentException(name + ": the stabilizer must be a finite number >= 0, got " + stabilizer);
        }
        if (parts == null || parts.length == 0) {
            throw new IllegalArgumentException(name + ": an LRP rule needs at least one part");
        }
        this.name = name;
        this.stabilizer = stabilizer;
        this.parts = List.of(parts);
    }

    @Override
    public String name() {
        return name;
    }

    /** The number added to each denominator with its sign. */
    public double stabilizer() {
        return stabilizer;
    }

    /** The rule's declaration. */
    public List<Part> parts() {
        return parts;
    }

    /**
     * Whether every term feeds the layer a, a⁺ or a⁻, so that an input of 0 receives no relevance: at
     * the input layer the rule multiplies by the input (0, ε, γ, αβ), unlike one that feeds ones or
     * bounds (w², Flat, zB).
     */
    public boolean multipliesInput() {
        return parts.stream().flatMap(p -> p.terms().stream()).map(Term::input)
                .allMatch(in -> in == InputPart.INPUT || in == InputPart.POSITIVE || in == InputPart.NEGATIVE);
    }

    @Override
    public boolean readsOutput() {
        return parts.stream().anyMatch(p -> p.gate() != Part.Gate.ALL
                || p.terms().stream().anyMatch(Term::isLayerItself));
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray relevance) {
        INDArray[] out = new INDArray[context.inputCount()];
        for (Part part : parts) {
            List<Term> live = live(part, context);
            INDArray gated = gate(part.gate(), context.output(), relevance);
            // After a ReLU the units with z < 0 carry no relevance: γ's second part then costs nothing.
            boolean anyRelevance = part.gate() == Part.Gate.ALL || gated.amaxNumber().doubleValue() != 0;
            if (!live.isEmpty() && anyRelevance) {
                redistribute(context, relevance, gated, part, live, out);
            }
            if (gated != relevance) {
                Relevance.closeOwned(gated);
            }
        }
        return out;
    }

    /** The part's terms that can contribute: a bias-free term on a vanishing input part adds nothing. */
    private static List<Term> live(Part part, RuleContext context) {
        List<Term> live = new ArrayList<>();
        for (Term t : part.terms()) {
            if (t.isLayerItself() || t.bias() || !t.input().vanishes(context.input(0))) {
                live.add(t);
            }
        }
        return live;
    }

    private void redistribute(RuleContext context, INDArray relevance, INDArray gated, Part part, List<Term> terms,
                              INDArray[] out) {
        List<INDArray> temporaries = new ArrayList<>();
        INDArray[] inputs = new INDArray[terms.size()];
        INDArray z = null;
        for (int t = 0; t < terms.size(); t++) {
            Term term = terms.get(t);
            INDArray zt;
            if (term.isLayerItself()) {
                zt = context.output();
            } else {
                inputs[t] = term.input().of(context.input(0));
                temporaries.add(inputs[t]);
                zt = context.forwardWith(transform(term), inputs[t]);
                temporaries.add(zt);
            }
            if (z == null) {
                z = zt;
            } else if (z == context.output()) {
                z = z.add(zt);
                temporaries.add(z);
            } else {
                z.addi(zt);
            }
        }
        INDArray s = Relevance.ratio(gated, z, stabilizer);
        temporaries.add(s);
        for (int t = 0; t < terms.size(); t++) {
            Term term = terms.get(t);
            if (term.isLayerItself()) {
                // The ordinary gradient may hand back s itself or one array to several inputs: multiply anew.
                INDArray[] c = context.gradient(s);
                for (int j = 0; j < c.length; j++) {
                    if (c[j] != null) {
                        accumulate(out, j, c[j].mul(context.input(j)), part.coefficient());
                    }
                }
                temporaries.addAll(java.util.Arrays.asList(c));
            } else {
                INDArray c = context.backwardWith(transform(term), inputs[t], s);
                accumulate(out, 0, c.mul(inputs[t]), part.coefficient());
                temporaries.add(c);
            }
        }
        Relevance.free(context, relevance, out, temporaries.toArray(INDArray[]::new));
    }

    private static void accumulate(INDArray[] out, int j, INDArray contribution, double coefficient) {
        if (coefficient != 1) {
            contribution.muli(coefficient);
        }
        if (out[j] == null) {
            out[j] = contribution;
        } else {
            out[j].addi(contribution);
            Relevance.closeOwned(contribution);
        }
    }

    /** R where the gate lets the unit through, 0 elsewhere. */
    private static INDArray gate(Part.Gate gate, INDArray z, INDArray relevance) {
        if (gate == Part.Gate.ALL) {
            return relevance;
        }
        INDArray open = gate == Part.Gate.POSITIVE_OUTPUT ? z.gt(0.0) : z.lt(0.0);
        INDArray mask = open.castTo(relevance.dataType());
        open.close();
        return mask.muli(relevance);
    }

    /** The term's parameter modifier on the weights, and on the bias if the term keeps it (else 0). */
    private static ParameterTransform transform(Term term) {
        return (key, w) -> ParameterTransform.isBias(key) && !term.bias() ? w.mul(0) : term.parameters().apply(w);
    }

    @Override
    public String toString() {
        return name + parts;
    }
}
