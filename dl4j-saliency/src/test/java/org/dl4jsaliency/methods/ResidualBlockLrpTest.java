package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.rules.EpsilonRule;
import org.dl4jsaliency.rules.GammaRule;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LRP through a residual block, conv → BatchNorm → Add(input) → ReLU → global average pooling → output,
 * on a 2-channel 1×1 input, against an oracle written out in plain arithmetic from docs/algorithms.md
 * §3: BatchNorm folded into the conv, the Add and the pooling split by the stabiliser (not ε), and the
 * conv's unit 0 with z &lt; 0 still receiving relevance through the sum.
 */
class ResidualBlockLrpTest {
    private static final double[] X = {1.0, -0.3};
    private static final double[][] W = {{-0.3, 0.8}, {0.6, 0.4}};   // [unit][input channel]
    private static final double[] B = {0.1, -0.2};
    private static final double[] GAMMA = {0.5, 2.0};
    private static final double[] BETA = {0.3, -0.1};
    private static final double[] MEAN = {0.2, -0.1};
    private static final double[] VAR = {0.25, 1.0};
    private static final double BN_EPS = 1e-5;
    private static final double S = 1e-6;

    private static ComputationGraph block() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().useLogStd(false).eps(BN_EPS).build(), "conv")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "bn", "in")
                .addLayer("relu", new ActivationLayer(Activation.RELU), "add")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build(), "gap")
                .setOutputs("out").setInputTypes(InputType.convolutional(1, 1, 2)).build());
        g.init();
        g.getLayer("conv").getParam("W").assign(Nd4j.createFromArray(W).reshape(2, 2, 1, 1));
        g.getLayer("conv").getParam("b").assign(Nd4j.createFromArray(new double[][] {B}));
        g.getLayer("bn").getParam("gamma").assign(Nd4j.createFromArray(new double[][] {GAMMA}));
        g.getLayer("bn").getParam("beta").assign(Nd4j.createFromArray(new double[][] {BETA}));
        g.getLayer("bn").getParam("mean").assign(Nd4j.createFromArray(new double[][] {MEAN}));
        g.getLayer("bn").getParam("var").assign(Nd4j.createFromArray(new double[][] {VAR}));
        g.getLayer("out").getParam("W").assign(Nd4j.createFromArray(new double[][] {{1}, {1}}));
        g.getLayer("out").getParam("b").assign(0);
        return g;
    }

    /** The conv rule of the oracle: relevance at the conv's inputs from relevance at its units. */
    private interface ConvRule {
        double[] apply(double[][] wf, double[] bf, double[] z, double[] r);
    }

    /** The whole backward pass, with ε at the output layer and the stabiliser at the Add and the pooling. */
    private static double[] oracle(ConvRule conv, double outputEpsilon) {
        double[][] wf = new double[2][2];
        double[] bf = new double[2];
        double[] z = new double[2];
        double[] y = new double[2];
        double[] a = new double[2];
        double t = 0;
        for (int k = 0; k < 2; k++) {
            double scale = GAMMA[k] / Math.sqrt(VAR[k] + BN_EPS);
            bf[k] = (B[k] - MEAN[k]) * scale + BETA[k];
            z[k] = bf[k];
            for (int j = 0; j < 2; j++) {
                wf[k][j] = W[k][j] * scale;
                z[k] += wf[k][j] * X[j];
            }
            y[k] = z[k] + X[k];
            a[k] = Math.max(y[k], 0);
            t += a[k];
        }
        assertTrue(z[0] < 0 && y[0] > 0 && y[1] > 0, "the block must have a branch unit with z < 0 that is active");
        double[] branch = new double[2];
        double[] in = new double[2];
        for (int k = 0; k < 2; k++) {
            double r = a[k] * t / stab(t, outputEpsilon);          // output layer, weights 1
            r = a[k] / stab(a[k], S) * r;                          // global average pooling over one position
            branch[k] = z[k] / stab(y[k], S) * r;                  // residual sum
            in[k] = X[k] / stab(y[k], S) * r;
        }
        double[] fromConv = conv.apply(wf, bf, z, branch);
        return new double[] {in[0] + fromConv[0], in[1] + fromConv[1]};
    }

    private static double stab(double v, double s) {
        return v + (v >= 0 ? s : -s);
    }

    private static double[] explain(ComputationGraph g, AttributionMethod m) {
        INDArray x = Nd4j.createFromArray(X).reshape(1, 2, 1, 1);
        return Explainer.of(g).explain(x, Targets.all(0), m).map().reshape(2).toDoubleVector();
    }

    /** Zennit's generalised γ: each unit favours the contributions that share its sign. */
    private static double[] gamma(double gamma, double[][] wf, double[] bf, double[] z, double[] r) {
        double[] out = new double[2];
        for (int k = 0; k < 2; k++) {
            if (z[k] == 0) {
                continue;
            }
            boolean up = z[k] > 0;
            double[] rho = new double[2];
            double den = bf[k] + gamma * (up ? Math.max(bf[k], 0) : Math.min(bf[k], 0));
            for (int j = 0; j < 2; j++) {
                boolean favour = (X[j] >= 0) == up;  // a⁺ with w + γw^{sign}, a⁻ with the other
                double w = wf[k][j];
                rho[j] = w + gamma * (favour ? Math.max(w, 0) : Math.min(w, 0));
                den += X[j] * rho[j];
            }
            double s = r[k] / stab(den, S);
            for (int j = 0; j < 2; j++) {
                out[j] += X[j] * rho[j] * s;
            }
        }
        return out;
    }

    @Test
    void gammaTreatsABranchUnitWithNegativeOutputWithTheNegativeForm() {
        double[] expected = oracle((wf, bf, z, r) -> gamma(0.25, wf, bf, z, r), 0);
        LrpComposite c = LrpComposite.builder().conv(new GammaRule(0.25)).dense(new EpsilonRule(0)).build();
        double[] got = explain(block(), new LayerwiseRelevance("gamma", c));
        assertArrayEquals(expected, got, 1e-12);
        // The textbook w + γw⁺ for every unit gives a different map here: the test can tell them apart.
        double[] textbook = oracle((wf, bf, z, r) -> {
            double[] out = new double[2];
            for (int k = 0; k < 2; k++) {
                double den = bf[k] + 0.25 * Math.max(bf[k], 0);
                double[] rho = new double[2];
                for (int j = 0; j < 2; j++) {
                    rho[j] = wf[k][j] + 0.25 * Math.max(wf[k][j], 0);
                    den += X[j] * rho[j];
                }
                for (int j = 0; j < 2; j++) {
                    out[j] += X[j] * rho[j] * r[k] / stab(den, S);
                }
            }
            return out;
        }, 0);
        assertTrue(Math.abs(textbook[0] - got[0]) + Math.abs(textbook[1] - got[1]) > 1e-2);
    }

    @Test
    void epsilonAppliesOnlyToLinearLayersAndTheStabiliserSplitsTheResidualSum() {
        double eps = 0.01;
        double[] expected = oracle((wf, bf, z, r) -> {
            double[] out = new double[2];
            for (int k = 0; k < 2; k++) {
                for (int j = 0; j < 2; j++) {
                    out[j] += X[j] * wf[k][j] * r[k] / stab(z[k], eps);
                }
            }
            return out;
        }, eps);
        double[] got = explain(block(), MethodRegistry.create("lrp-epsilon", Map.of("epsilon", Double.toString(eps))));
        assertArrayEquals(expected, got, 1e-12);
    }
}
