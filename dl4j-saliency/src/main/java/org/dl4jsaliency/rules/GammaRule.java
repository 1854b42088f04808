package org.dl4jsaliency.rules;

import java.util.List;

/**
 * LRP-γ, generalised as Zennit 0.5.1's Gamma: a unit with z_k &gt; 0 redistributes by
 * a⁺·(w + γw⁺) + a⁻·(w + γw⁻) + (b + γb⁺), a unit with z_k &lt; 0 by a⁺·(w + γw⁻) + a⁻·(w + γw⁺) + (b + γb⁻),
 * so each unit favours the contributions that agree with its sign; z_k = 0 passes nothing. After a
 * ReLU only the first form meets relevance and the rule is the textbook w + γw⁺; on a residual branch
 * before its ReLU the textbook form lets z + γz⁺ approach 0 for units with z &lt; 0 and blows relevance up.
 */
public final class GammaRule extends LrpRule {
    /** The default γ of docs/algorithms.md §3. */
    public static final double DEFAULT_GAMMA = 0.25;

    /** γ with the default stabiliser. */
    public GammaRule(double gamma) {
        this(gamma, DEFAULT_STABILIZER);
    }

    public GammaRule(double gamma, double stabilizer) {
        super("lrp-gamma(" + gamma + ")", stabilizer,
                favouring(valid(gamma), true, Part.Gate.POSITIVE_OUTPUT),
                favouring(gamma, false, Part.Gate.NEGATIVE_OUTPUT));
    }

    private static Part favouring(double gamma, boolean positive, Part.Gate gate) {
        return new Part(1, gate, List.of(
                Term.of(InputPart.POSITIVE, ParameterModifier.gamma(gamma, positive)),
                Term.withoutBias(InputPart.NEGATIVE, ParameterModifier.gamma(gamma, !positive))));
    }

    private static double valid(double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a finite number >= 0, got " + gamma);
        }
        return gamma;
    }
}
