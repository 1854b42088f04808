package org.dl4jsaliency.rules;

import org.dl4jsaliency.engine.BackwardRule;
import org.dl4jsaliency.engine.ParameterTransform;
import org.dl4jsaliency.engine.RuleContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LRP-αβ (α − β = 1): positive and negative contributions (a_j w_jk)± are redistributed separately,
 * R_j = Σ_k [α (a w)⁺_jk / Σ_j (a w)⁺_jk − β (a w)⁻_jk / Σ_j (a w)⁻_jk] R_k, without biases.
 * (a w)⁺ = a⁺w⁺ + a⁻w⁻ and (a w)⁻ = a⁺w⁻ + a⁻w⁺, so negative inputs (a first layer) are handled too.
 * α = 1, β = 0 is the z⁺ rule.
 */
public final class AlphaBetaRule implements BackwardRule {
    private static final ParameterTransform POSITIVE = Relevance.POSITIVE_WEIGHTS;
    private static final ParameterTransform NEGATIVE = Relevance.NEGATIVE_WEIGHTS;

    private final double alpha;
    private final double beta;

    public AlphaBetaRule(double alpha, double beta) {
        if (!(beta >= 0) || Math.abs(alpha - beta - 1) > 1e-12) {
            throw new IllegalArgumentException("LRP-alpha-beta needs beta >= 0 and alpha - beta = 1, got alpha="
                    + alpha + " beta=" + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
    }

    @Override
    public String name() {
        return "lrp-alpha" + fmt(alpha) + "-beta" + fmt(beta);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public INDArray[] backward(RuleContext context, INDArray relevance) {
        INDArray a = context.input(0);
        INDArray ap = Relevance.positive(a);
        INDArray an = Relevance.negative(a);
        boolean mixedSigns = an.amaxNumber().doubleValue() > 0;
        INDArray zp = contributions(context, ap, an, POSITIVE, NEGATIVE, mixedSigns);
        INDArray zn = contributions(context, ap, an, NEGATIVE, POSITIVE, mixedSigns);
        // Where a unit has only positive (or only negative) contributions the formula is 0/0 in the
        // missing part; the part that exists then carries all the relevance, which keeps the rule
        // conservative (the literal formula would lose or double it there, e.g. for z⁺ a unit with
        // no positive contribution would drop its relevance).
        INDArray hasP = zp.neq(0.0).castTo(zp.dataType());
        INDArray hasN = zn.neq(0.0).castTo(zn.dataType());
        INDArray both = hasP.mul(hasN);
        INDArray cp = both.mul(alpha).addi(hasP.subi(both));
        INDArray cn = both.mul(beta).subi(hasN.subi(both));
        INDArray[] out = {redistributed(context, relevance, cp, zp, ap, an, POSITIVE, NEGATIVE, mixedSigns)};
        if (cn.amaxNumber().doubleValue() != 0) {
            INDArray negativePart = redistributed(context, relevance, cn, zn, ap, an, NEGATIVE, POSITIVE, mixedSigns);
            out[0].subi(negativePart);
            Relevance.closeOwned(negativePart);
        }
        Relevance.free(context, relevance, out, ap, an, zp, zn, hasP, hasN, both, cp, cn);
        return out;
    }

    /** The relevance share·R/z redistributed to the inputs. */
    private static INDArray redistributed(RuleContext ctx, INDArray relevance, INDArray share, INDArray z,
                                          INDArray ap, INDArray an, ParameterTransform first,
                                          ParameterTransform second, boolean mixedSigns) {
        INDArray part = relevance.mul(share);
        INDArray s = Relevance.divide(part, z);
        Relevance.closeOwned(part);
        INDArray out = redistribute(ctx, s, ap, an, first, second, mixedSigns);
        Relevance.closeOwned(s);
        return out;
    }

    /** Σ_j of the contributions a⁺·first + a⁻·second, per unit. */
    private static INDArray contributions(RuleContext ctx, INDArray ap, INDArray an, ParameterTransform first,
                                          ParameterTransform second, boolean mixedSigns) {
        INDArray z = ctx.forwardWith(first, ap);
        return mixedSigns ? z.addi(ctx.forwardWith(second, an)) : z;
    }

    /** Each input's share a⁺·first + a⁻·second of the per-unit signal s. */
    private static INDArray redistribute(RuleContext ctx, INDArray s, INDArray ap, INDArray an,
                                         ParameterTransform first, ParameterTransform second, boolean mixedSigns) {
        INDArray c = ctx.backwardWith(first, ap, s);
        INDArray out = ap.mul(c);
        Relevance.closeOwned(c);
        if (mixedSigns) {
            INDArray cn = ctx.backwardWith(second, an, s);
            out.addi(cn.muli(an));
            Relevance.closeOwned(cn);
        }
        return out;
    }
}
