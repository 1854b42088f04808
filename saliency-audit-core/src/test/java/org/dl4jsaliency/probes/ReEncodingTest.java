package org.dl4jsaliency.probes;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.engine.Targets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rewritten network sees x̃ = a·I + c (in model units) exactly as the original sees I:
 * f̃(x̃) = f(x). Hence, by the chain rule (x = x̃ / a + d), ∂f/∂x = a · ∂f̃/∂x̃: the gradient map times a is
 * the same, while x ⊙ ∂f/∂x is not. Everything in double precision.
 *
 * <p>Tolerances. Logits: 1e-10 relative to the largest logit — the two networks differ only in
 * rounding of W/a and of the folded bias (a handful of ulps on O(1) quantities through three small
 * layers, ~1e-15), so 1e-10 is generous while any error in the folded shift (which moves logits by O(0.1))
 * fails it. Gradients: 1e-9 relative to the largest |A| for the same reason (the backward pass adds one
 * more round of the same rounding).
 */
class ReEncodingTest {
    private static final List<ReEncoding> STANDARD = ReEncoding.standard(0.25);

    private static final InputSpace[] CONV_SPACES = {InputSpace.range(0, 1), InputSpace.range(-1, 1),
            InputSpace.meanStd(new double[] {0.4, 0.6}, new double[] {0.2, 0.3}, 1)};

    private static final InputSpace[] DENSE_SPACES = {InputSpace.range(0, 1), InputSpace.range(-1, 1),
            InputSpace.meanStd(new double[] {0.4}, new double[] {0.2}, 1)};

    @Test
    void standardReEncodings() {
        assertEquals(3, STANDARD.size());
        assertEquals(new ReEncoding("inversion", -1, 1), STANDARD.get(0));
        assertEquals(new ReEncoding("shift", 1, 0.25), STANDARD.get(1));
        assertEquals(new ReEncoding("rescale", 2, -1), STANDARD.get(2));
        assertThrows(IllegalArgumentException.class, () -> new ReEncoding("x", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReEncoding("x", 1, Double.NaN));
    }

    @Test
    void encodeModelIsTheSpaceAppliedToTheReEncodedDisplay() {
        // hand: range(-1, 1) is x = 2I − 1; inversion (a=−1, c=1) of I = 0.25 is 0.75 → x̃ = 0.5
        InputSpace s = InputSpace.range(-1, 1);
        INDArray d = ProbeNets.display(3, 1, 2, 2, 2).assign(0.25);
        INDArray x = STANDARD.get(0).encodeModel(d, s, DataType.DOUBLE);
        for (double v : x.data().asDouble()) {
            assertEquals(0.5, v, 0.0);
        }
    }

    @Test
    void convNetworkOutputsAreIdenticalOnReEncodedInputs() {
        MultiLayerNetwork net = ProbeNets.conv(42, ConvolutionMode.Truncate);
        INDArray display = ProbeNets.display(7, 3, 2, 8, 8);
        for (InputSpace space : CONV_SPACES) {
            for (ReEncoding t : STANDARD) {
                assertSameFunction(net, t, space, display);
            }
        }
    }

    @Test
    void denseNetworkOutputsAreIdenticalOnReEncodedInputs() {
        MultiLayerNetwork net = ProbeNets.dense(43);
        INDArray display = ProbeNets.display(8, 4, 12);
        for (InputSpace space : DENSE_SPACES) {
            for (ReEncoding t : STANDARD) {
                assertSameFunction(net, t, space, display);
            }
        }
    }

    @Test
    void denseFirstLayerNeedsOnePreprocessingForAllChannels() {
        MultiLayerNetwork net = ProbeNets.dense(43);
        assertThrows(IllegalArgumentException.class,
                () -> STANDARD.get(0).rewrite(net, CONV_SPACES[2]));
    }

    @Test
    void rewriteLeavesTheOriginalUntouched() {
        MultiLayerNetwork conv = ProbeNets.conv(42, ConvolutionMode.Truncate);
        MultiLayerNetwork dense = ProbeNets.dense(43);
        double[] convBefore = conv.params().dup().toDoubleVector();
        double[] denseBefore = dense.params().dup().toDoubleVector();
        for (ReEncoding t : STANDARD) {
            Model r1 = t.rewrite(conv, CONV_SPACES[2]);
            Model r2 = t.rewrite(dense, DENSE_SPACES[1]);
            assertTrue(r1 != conv && r2 != dense, "rewrite returns a copy");
            // and the copy really differs (first-layer W / a or its bias)
            assertFalse(java.util.Arrays.equals(convBefore, r1.params().toDoubleVector()), t.name());
            assertFalse(java.util.Arrays.equals(denseBefore, r2.params().toDoubleVector()), t.name());
        }
        assertArrayEquals(convBefore, conv.params().toDoubleVector(), 0.0);
        assertArrayEquals(denseBefore, dense.params().toDoubleVector(), 0.0);
    }

    @Test
    void gradientTimesAIsInvariantGradientTimesInputIsNot() {
        MultiLayerNetwork conv = ProbeNets.conv(42, ConvolutionMode.Truncate);
        INDArray display = ProbeNets.display(9, 2, 2, 8, 8);
        MultiLayerNetwork dense = ProbeNets.dense(43);
        INDArray flat = ProbeNets.display(10, 2, 12);
        for (ReEncoding t : STANDARD) {
            for (InputSpace space : CONV_SPACES) {
                checkGradientIdentity(conv, t, space, display, 1);
            }
            for (InputSpace space : DENSE_SPACES) {
                checkGradientIdentity(dense, t, space, flat, 2);
            }
        }
    }

    private static void checkGradientIdentity(MultiLayerNetwork net, ReEncoding t, InputSpace space,
                                              INDArray display, int target) {
        String where = t.name() + " / " + space;
        Model rewritten = t.rewrite(net, space);
        INDArray x = space.toModel(display, DataType.DOUBLE);
        INDArray xt = t.encodeModel(display, space, DataType.DOUBLE);

        INDArray g = Explainer.of(net).explain(x, Targets.all(target), MethodRegistry.create("gradient")).map();
        INDArray gt = Explainer.of(rewritten).explain(xt, Targets.all(target), MethodRegistry.create("gradient"))
                .map().mul(t.a());
        double scale = maxAbs(g);
        assertTrue(scale > 0, "non-trivial gradient");
        assertArrayEquals(g.dup().data().asDouble(), gt.dup().data().asDouble(), 1e-9 * scale, where);

        // x ⊙ g against a · x̃ ⊙ g̃ = x̃ ⊙ g: x̃ ≠ x for every re-encoding, so the maps disagree
        INDArray xg = Explainer.of(net).explain(x, Targets.all(target), MethodRegistry.create("gradient-x-input"))
                .map();
        INDArray xgt = Explainer.of(rewritten).explain(xt, Targets.all(target),
                MethodRegistry.create("gradient-x-input")).map().mul(t.a());
        // first the identity the method must satisfy: map = input ⊙ gradient (exact up to one rounding)
        assertArrayEquals(x.mul(g).dup().data().asDouble(), xg.dup().data().asDouble(), 1e-12 * maxAbs(xg), where);
        for (int n = 0; n < display.size(0); n++) {
            double e = normalisedDistance(xg.slice(n), xgt.slice(n));
            assertTrue(e > 0.1, where + ": E = " + e + " for example " + n);
        }
    }

    /** ‖A/‖A‖ − B/‖B‖‖ (the re-encoding check's E). */
    private static double normalisedDistance(INDArray a, INDArray b) {
        INDArray x = a.dup();
        INDArray y = b.dup();
        return x.div(x.norm2Number()).sub(y.div(y.norm2Number())).norm2Number().doubleValue();
    }

    private static void assertSameFunction(MultiLayerNetwork net, ReEncoding t, InputSpace space, INDArray display) {
        String where = t.name() + " / " + space;
        MultiLayerNetwork rewritten = (MultiLayerNetwork) t.rewrite(net, space);
        INDArray x = space.toModel(display, DataType.DOUBLE);
        INDArray xt = t.encodeModel(display, space, DataType.DOUBLE);
        // the re-encoded input really is different, else the test would prove nothing
        assertTrue(maxAbs(x.sub(xt)) > 0.1, where);

        INDArray logits = logits(net, x);
        INDArray logitsT = logits(rewritten, xt);
        assertArrayEquals(logits.data().asDouble(), logitsT.data().asDouble(), 1e-10 * maxAbs(logits), where);
        // softmax probabilities in [0, 1]: same bound in absolute terms
        assertArrayEquals(net.output(x).dup().data().asDouble(), rewritten.output(xt).dup().data().asDouble(), 1e-10,
                where);
        // the original network sees the original input differently from the re-encoded one
        assertTrue(maxAbs(logits.sub(logits(net, xt))) > 1e-3, where);
    }

    /** The output layer's pre-softmax values h·W + b from the last hidden activations. */
    private static INDArray logits(MultiLayerNetwork net, INDArray x) {
        List<INDArray> acts = net.feedForward(x, false);
        INDArray h = acts.get(acts.size() - 2);
        org.deeplearning4j.nn.api.Layer out = net.getLayer(net.getnLayers() - 1);
        return h.mmul(out.getParam("W")).addiRowVector(out.getParam("b")).dup();
    }

    private static double maxAbs(INDArray a) {
        return org.nd4j.linalg.ops.transforms.Transforms.abs(a, true).maxNumber().doubleValue();
    }

    @Test
    void firstLayerReportsPadding() {
        ReEncoding.FirstLayer truncate = ReEncoding.firstLayer(ProbeNets.conv(1, ConvolutionMode.Truncate));
        assertEquals("conv", truncate.name());
        assertFalse(truncate.padded());
        assertTrue(ReEncoding.firstLayer(ProbeNets.conv(1, ConvolutionMode.Same)).padded());
        assertFalse(ReEncoding.firstLayer(ProbeNets.dense(1)).padded());
    }

    @Test
    void poolingFirstLayerCannotBeRewritten() {
        MultiLayerNetwork net = ProbeNets.poolFirst(1);
        assertThrows(IllegalArgumentException.class, () -> ReEncoding.firstLayer(net));
        assertThrows(IllegalArgumentException.class, () -> STANDARD.get(0).rewrite(net, InputSpace.range(0, 1)));
    }
}
