package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dl4jsaliency.FiniteDifferences;
import org.dl4jsaliency.TestNets;
import org.dl4jsaliency.spi.RuleAssignment;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's plain gradient against central finite differences of DL4J's own inference output. */
class GradientFiniteDifferenceTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-6;

    @Test
    void probabilityGradientMatchesFiniteDifferencesOnConvMln() {
        Model net = TestNets.convMln(1);
        checkProbability(net, TestNets.input(2, 1, 2, 12, 12), 3);
    }

    @Test
    void logitGradientMatchesFiniteDifferencesOnConvMln() {
        Model net = TestNets.convMln(3);
        checkLogitDifference(net, TestNets.input(4, 1, 2, 12, 12), 1, 4);
    }

    @Test
    void gradientMatchesOnDenseNetEndingInSoftmaxActivationAndLossLayer() {
        Model net = TestNets.denseLossMln(5);
        checkProbability(net, TestNets.input(6, 1, 6), 2);
        checkLogitDifference(net, TestNets.input(7, 1, 6), 0, 3);
    }

    @Test
    void gradientMatchesOnResidualGraphNchw() {
        Model g = TestNets.residualGraph(8, CNN2DFormat.NCHW);
        checkProbability(g, TestNets.input(9, 1, 2, 8, 8), 1);
        checkLogitDifference(g, TestNets.input(10, 1, 2, 8, 8), 2, 0);
    }

    @Test
    void gradientMatchesOnResidualGraphNhwc() {
        Model g = TestNets.residualGraph(11, CNN2DFormat.NHWC);
        checkProbability(g, TestNets.input(12, 1, 8, 8, 2), 3);
    }

    @Test
    void engineLogitsReproduceDl4jOutput() {
        Model g = TestNets.residualGraph(13, CNN2DFormat.NCHW);
        INDArray x = TestNets.input(14, 3, 2, 8, 8);
        INDArray z = SaliencyEngine.of(g).logits(x);
        INDArray p = org.nd4j.linalg.ops.transforms.Transforms.softmax(z, true);
        assertTrue(p.equalsWithEps(TestNets.output(g, x), 1e-12), "softmax(engine logits) != DL4J output");
    }

    static void checkProbability(Model net, INDArray x, int target) {
        SaliencyEngine engine = SaliencyEngine.of(net);
        INDArray g = engine.backward(x, Targets.all(target), ExplainedOutput.PROBABILITY, RuleAssignment.gradient()).signal();
        assertArrayEquals(x.shape(), g.shape());
        double[] fd = FiniteDifferences.gradient(v -> TestNets.output(net, v).getDouble(0, target), x,
                FiniteDifferences.all(x), H);
        double err = FiniteDifferences.relativeError(g.dup('c').reshape(-1).toDoubleVector(), fd);
        assertTrue(err < TOLERANCE, "relative error " + err);
        assertTrue(maxAbs(fd) > 1e-4, "degenerate test: finite differences are all ~0");
    }

    /** z_t − z_r = log p_t − log p_r, so its gradient checks two logit gradients independently of the engine's forward. */
    static void checkLogitDifference(Model net, INDArray x, int t, int r) {
        SaliencyEngine engine = SaliencyEngine.of(net);
        INDArray gt = engine.backward(x, Targets.all(t), ExplainedOutput.LOGIT, RuleAssignment.gradient()).signal();
        INDArray gr = engine.backward(x, Targets.all(r), ExplainedOutput.LOGIT, RuleAssignment.gradient()).signal();
        double[] fd = FiniteDifferences.gradient(v -> {
            INDArray p = TestNets.output(net, v);
            return Math.log(p.getDouble(0, t)) - Math.log(p.getDouble(0, r));
        }, x, FiniteDifferences.all(x), H);
        double err = FiniteDifferences.relativeError(gt.sub(gr).dup('c').reshape(-1).toDoubleVector(), fd);
        assertTrue(err < TOLERANCE, "relative error " + err);
        assertTrue(maxAbs(fd) > 1e-4, "degenerate test: finite differences are all ~0");
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }
}
