package org.dl4jsaliency.rules;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.methods.LayerwiseRelevance;
import org.dl4jsaliency.methods.LrpComposite;
import org.dl4jsaliency.spi.BackwardRule;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The z⁺, αβ, γ, zB, w² and Flat rules on a hand-computed 2-input, 2-unit layer with mixed-sign inputs
 * and a positive and a negative bias (docs/algorithms.md §3, Zennit 0.5.1's conventions).
 *
 * <p>The layer: x = (2, −1), W = [[1, −1], [2, 0.5]] (rows: inputs), b = (0.5, −1), so
 * z = (0.5, −3.5). It feeds an identity output unit with weights (1, 1) explained by LRP-0, so the
 * relevance arriving at the layer is R_k = z_k exactly. Unit 1 has only negative contributions
 * (2·(−1), (−1)·0.5 and b = −1).
 */
class LinearLrpRulesTest {
    private static final double S = LrpRule.DEFAULT_STABILIZER;
    private static final double[] R = {0.5, -3.5};

    private static double[] relevance(BackwardRule rule) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(2).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.getLayer(0).getParam("W").assign(Nd4j.createFromArray(new double[][] {{1, -1}, {2, 0.5}}));
        net.getLayer(0).getParam("b").assign(Nd4j.createFromArray(new double[][] {{0.5, -1}}));
        net.getLayer(1).getParam("W").assign(Nd4j.createFromArray(new double[][] {{1}, {1}}));
        net.getLayer(1).getParam("b").assign(0);
        LrpComposite composite = LrpComposite.builder().dense(new EpsilonRule(0)).layer(0, rule).build();
        INDArray x = Nd4j.createFromArray(new double[][] {{2, -1}});
        return Explainer.of(net).explain(x, Targets.all(0), new LayerwiseRelevance("test", composite)).map()
                .toDoubleVector();
    }

    @Test
    void zPlusCountsThePositiveBiasAndAUnitWithOnlyNegativeContributionsPassesNothing() {
        // z⁺ = (2·1 + b⁺ 0.5, 0): only input 0 with weight 1 contributes positively to unit 0.
        double[] expected = {2 * 1 / (2.5 + S) * R[0], 0};
        assertArrayEquals(expected, relevance(new AlphaBetaRule(1, 0)), 1e-12);
    }

    @Test
    void zPlusWithoutBiasIsTheIgnoreBiasVariant() {
        double[] expected = {2 * 1 / (2 + S) * R[0], 0};
        assertArrayEquals(expected, relevance(new AlphaBetaRule(1, 0, false, S)), 1e-12);
    }

    @Test
    void alpha2Beta1StabilisesEachPartOnItsOwnAndCountsTheBiasParts() {
        // z⁺ = (2.5, 0); z⁻ = (x⁻₁·w⁺₁₀ = −2, 2·(−1) + (−1)·0.5 + b⁻ (−1) = −3.5).
        double sp0 = R[0] / (2.5 + S);
        double sn0 = R[0] / (-2 - S);
        double sn1 = R[1] / (-3.5 - S);
        // The huge s⁺₁ = R₁/1e-6 meets only zero weights: input 0 has w⁺₀₁ = 0, input 1 is negative with w⁻ = 0.
        double r0 = 2 * (2 * 1 * sp0) - (2 * (-1) * sn1);
        double r1 = 2 * 0 - (-1 * (2 * sn0 + 0.5 * sn1));
        assertArrayEquals(new double[] {r0, r1}, relevance(new AlphaBetaRule(2, 1)), 1e-12);
    }

    @Test
    void alphaBetaLosesAnEmptyPartInsteadOfReRoutingIt() {
        // Without bias and stabiliser each part hands on exactly its coefficient times R_k, if it is not
        // empty: Σ_j R_j = Σ_k R_k (α·[z⁺_k ≠ 0] − β·[z⁻_k ≠ 0]). Unit 1 has z⁺ = 0, so it passes −β·R₁.
        double sum = 0;
        for (double r : relevance(new AlphaBetaRule(2, 1, false, 0))) {
            sum += r;
        }
        assertEquals(R[0] * (2 - 1) + R[1] * (0 - 1), sum, 1e-12);
    }

    @Test
    void gammaUsesTheFormThatFavoursEachUnitsOwnSign() {
        double g = 0.25;
        // unit 0, z > 0: a⁺(w + γw⁺) + a⁻(w + γw⁻) + (b + γb⁺) = 2·1.25 + (−1)·2 + 0.625 = 1.125
        double s0 = R[0] / (1.125 + S);
        // unit 1, z < 0: a⁺(w + γw⁻) + a⁻(w + γw⁺) + (b + γb⁻) = 2·(−1.25) + (−1)·0.625 − 1.25 = −4.375
        double s1 = R[1] / (-4.375 - S);
        double r0 = 2 * 1.25 * s0 + 2 * (-1 - g) * s1;
        double r1 = -1 * 2 * s0 + -1 * (0.5 + g * 0.5) * s1;
        assertArrayEquals(new double[] {r0, r1}, relevance(new GammaRule(g)), 1e-12);
    }

    @Test
    void gammaPassesNothingThroughAUnitWhoseOutputIsExactlyZero() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(1).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(1).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.getLayer(0).getParam("W").assign(Nd4j.createFromArray(new double[][] {{1}, {1}}));
        net.getLayer(0).getParam("b").assign(0);
        net.getLayer(1).getParam("W").assign(1);
        net.getLayer(1).getParam("b").assign(1); // T = 1 although the layer's z is 0
        LrpComposite c = LrpComposite.builder().dense(new EpsilonRule(0)).layer(0, new GammaRule(0.25)).build();
        INDArray map = Explainer.of(net).explain(Nd4j.createFromArray(new double[][] {{1, -1}}), Targets.all(0),
                new LayerwiseRelevance("test", c)).map();
        assertArrayEquals(new double[] {0, 0}, map.toDoubleVector(), 0.0);
    }

    @Test
    void zBoxSubtractsTheBoundsWithTheirSignedWeightsAndIgnoresTheBias() {
        double l = -1;
        double h = 3;
        // per unit: Σ_i x_i w_ik − l w⁺_ik − h w⁻_ik
        double z0 = (2 * 1 + -1 * 2) - l * (1 + 2) - h * 0;
        double z1 = (2 * -1 + -1 * 0.5) - l * 0.5 - h * -1;
        double s0 = R[0] / (z0 + S);
        double s1 = R[1] / (z1 + S);
        double r0 = (2 * 1 - l * 1) * s0 + (2 * -1 - h * -1) * s1;
        double r1 = (-1 * 2 - l * 2) * s0 + (-1 * 0.5 - l * 0.5) * s1;
        assertArrayEquals(new double[] {r0, r1}, relevance(new ZBoxRule(l, h)), 1e-12);
    }

    @Test
    void wSquareAndFlatDistributeByTheWeightsAloneWithoutBias() {
        double s0 = R[0] / (1 + 4 + S);
        double s1 = R[1] / (1 + 0.25 + S);
        assertArrayEquals(new double[] {1 * s0 + 1 * s1, 4 * s0 + 0.25 * s1}, relevance(WeightOnlyRule.wSquare()), 1e-12);
        double f0 = R[0] / (2 + S);
        double f1 = R[1] / (2 + S);
        assertArrayEquals(new double[] {f0 + f1, f0 + f1}, relevance(WeightOnlyRule.flat()), 1e-12);
    }

    @Test
    void epsilonDividesByZPlusEpsilonWithItsSign() {
        double eps = 0.1;
        double s0 = R[0] / (0.5 + eps);
        double s1 = R[1] / (-3.5 - eps);
        double[] expected = {2 * (1 * s0 + -1 * s1), -1 * (2 * s0 + 0.5 * s1)};
        assertArrayEquals(expected, relevance(new EpsilonRule(eps)), 1e-12);
    }

    @Test
    void aNewRuleIsADeclaration() {
        // LRP-0 declared from scratch equals EpsilonRule(0): the bias-free term plus the bias term.
        LrpRule declared = new LrpRule("lrp-0-by-hand", 0, Part.of(Term.withoutBias(InputPart.INPUT,
                ParameterModifier.IDENTITY), new Term(InputPart.constant(0), ParameterModifier.IDENTITY, true)));
        assertArrayEquals(relevance(new EpsilonRule(0)), relevance(declared), 1e-12);
        assertEquals("lrp-0-by-hand", declared.name());
    }

    @Test
    void invalidDeclarationsAreRejectedWithTheirReason() {
        assertThrows(IllegalArgumentException.class, () -> new LrpRule("x", -1, Part.of(Term.of(InputPart.INPUT,
                ParameterModifier.IDENTITY))));
        assertThrows(IllegalArgumentException.class, () -> new LrpRule("x", 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new Part(1, Part.Gate.ALL, java.util.List.of()));
        assertThrows(IllegalArgumentException.class, () -> new AlphaBetaRule(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new GammaRule(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> InputPart.constant(Double.POSITIVE_INFINITY));
    }
}
