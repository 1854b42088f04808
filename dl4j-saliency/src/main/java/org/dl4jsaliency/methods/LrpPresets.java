package org.dl4jsaliency.methods;

import org.dl4jsaliency.rules.AlphaBetaRule;
import org.dl4jsaliency.rules.EpsilonRule;
import org.dl4jsaliency.rules.GammaRule;
import org.dl4jsaliency.rules.LrpRule;
import org.dl4jsaliency.rules.WeightOnlyRule;
import org.dl4jsaliency.rules.ZBoxRule;
import org.dl4jsaliency.spi.BackwardRule;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The named LRP methods of docs/algorithms.md §6: uniform rules (lrp-0, lrp-epsilon, lrp-gamma,
 * lrp-alpha1-beta0, lrp-alpha2-beta1) and the composites EpsilonPlus, EpsilonPlusFlat,
 * EpsilonGammaBox and EpsilonAlpha2Beta1 (Zennit's, with its conventions). Parameters:
 * {@code epsilon} (the ε rule's ε, 1e-6), {@code stabilizer} (every other denominator and the
 * proportional split at residual sums and average pooling, 1e-6), {@code gamma} (0.25),
 * {@code bias} (whether z⁺/αβ count the bias's parts, true), {@code low}/{@code high} (zB pixel
 * bounds, 0 and 1), and {@code first} to override the input layer's rule with one of 0, epsilon,
 * gamma, alpha1-beta0, alpha2-beta1, zb, w2, flat.
 */
public final class LrpPresets {
    private static final Set<String> PARAMS = Set.of("epsilon", "stabilizer", "gamma", "bias", "low", "high",
            "first");

    /** The presets' factories, uniform rules first. */
    public static final List<MethodFactory> FACTORIES = List.of(
            preset("lrp-0", r -> LrpComposite.builder().all(new EpsilonRule(0))),
            preset("lrp-epsilon", r -> LrpComposite.builder().all(r.epsilon())),
            preset("lrp-gamma", r -> LrpComposite.builder().all(r.gamma())),
            preset("lrp-alpha1-beta0", r -> LrpComposite.builder().all(r.alphaBeta(1, 0))),
            preset("lrp-alpha2-beta1", r -> LrpComposite.builder().all(r.alphaBeta(2, 1))),
            preset("lrp-epsilon-plus", r -> LrpComposite.builder().conv(r.alphaBeta(1, 0)).dense(r.epsilon())),
            preset("lrp-epsilon-plus-flat", r -> LrpComposite.builder().conv(r.alphaBeta(1, 0))
                    .dense(r.epsilon()).inputLayer(WeightOnlyRule.flat(r.stabilizer))),
            preset("lrp-epsilon-gamma-box", r -> LrpComposite.builder().conv(r.gamma()).dense(r.epsilon())
                    .inputLayer(r.zBox())),
            preset("lrp-epsilon-alpha2-beta1", r -> LrpComposite.builder().conv(r.alphaBeta(2, 1))
                    .dense(r.epsilon())));

    private LrpPresets() {
    }

    private static MethodFactory preset(String name, Function<Rules, LrpComposite.Builder> preset) {
        return new MethodFactory(name, PARAMS, p -> {
            // LRP-0 is exact by definition: no ε and no stabiliser anywhere unless asked for, so that it
            // equals Gradient×Input on ReLU networks (docs/algorithms.md §3).
            boolean exact = name.equals("lrp-0");
            Rules rules = new Rules(p, exact ? 0 : EpsilonRule.DEFAULT_EPSILON, exact ? 0 : LrpRule.DEFAULT_STABILIZER);
            LrpComposite.Builder b = preset.apply(rules).stabilizer(rules.stabilizer);
            if (p.has("first")) {
                b.inputLayer(rules.named(p.text("first")));
            }
            return new LayerwiseRelevance(name, b.build());
        });
    }

    /** Rules built from one method's parameters. */
    private static final class Rules {
        private final double eps;
        private final double stabilizer;
        private final boolean bias;
        private final double gamma;
        private final double low;
        private final double high;

        Rules(MethodParams p, double defaultEpsilon, double defaultStabilizer) {
            this.eps = p.has("epsilon") ? p.number("epsilon") : defaultEpsilon;
            this.stabilizer = p.has("stabilizer") ? p.number("stabilizer") : defaultStabilizer;
            this.bias = p.bool("bias", true);
            this.gamma = p.has("gamma") ? p.number("gamma") : GammaRule.DEFAULT_GAMMA;
            this.low = p.has("low") ? p.number("low") : 0;
            this.high = p.has("high") ? p.number("high") : 1;
        }

        EpsilonRule epsilon() {
            return new EpsilonRule(eps);
        }

        GammaRule gamma() {
            return new GammaRule(gamma, stabilizer);
        }

        AlphaBetaRule alphaBeta(double alpha, double beta) {
            return new AlphaBetaRule(alpha, beta, bias, stabilizer);
        }

        ZBoxRule zBox() {
            return new ZBoxRule(low, high, stabilizer);
        }

        BackwardRule named(String rule) {
            return switch (rule.trim().toLowerCase(Locale.ROOT)) {
                case "0" -> new EpsilonRule(0);
                case "epsilon" -> epsilon();
                case "gamma" -> gamma();
                case "alpha1-beta0" -> alphaBeta(1, 0);
                case "alpha2-beta1" -> alphaBeta(2, 1);
                case "zb" -> zBox();
                case "w2" -> WeightOnlyRule.wSquare(stabilizer);
                case "flat" -> WeightOnlyRule.flat(stabilizer);
                default -> throw new IllegalArgumentException("parameter first=" + rule + " is not an LRP input rule; "
                        + "use 0, epsilon, gamma, alpha1-beta0, alpha2-beta1, zb, w2 or flat");
            };
        }
    }
}
