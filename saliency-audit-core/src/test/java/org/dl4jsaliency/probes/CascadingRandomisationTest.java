package org.dl4jsaliency.probes;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cascading randomisation on conv → dense → output (three weight layers, all biases non-zero): which
 * parameters change at each step, exactly (bit-for-bit comparisons, no tolerance).
 */
class CascadingRandomisationTest {
    private static final String[] TOP_DOWN = {"out", "dense", "conv"};

    private static double[] param(Model m, String layer, String key) {
        return ((MultiLayerNetwork) m).getLayer(layer).getParam(key).ravel().toDoubleVector();
    }

    @Test
    void depthAndNamesTopDown() {
        CascadingRandomisation c = new CascadingRandomisation(ProbeNets.conv(5, ConvolutionMode.Truncate), 1);
        assertEquals(3, c.depth());
        assertEquals(List.of(TOP_DOWN), c.layerNames());
    }

    @Test
    void eachStepRandomisesExactlyOneMoreLayerFromTheTop() {
        MultiLayerNetwork net = ProbeNets.conv(5, ConvolutionMode.Truncate);
        CascadingRandomisation c = new CascadingRandomisation(net, 1);

        Model zero = c.randomiseTop(0);
        assertNotSame(net, zero, "works on a copy");
        assertArrayEquals(net.params().toDoubleVector(), zero.params().toDoubleVector(), 0.0);

        for (int k = 1; k <= 3; k++) {
            Model m = c.randomiseTop(k);
            assertSame(zero, m, "the same copy at every step");
            for (int i = 0; i < 3; i++) {
                String layer = TOP_DOWN[i];
                double[] w0 = param(net, layer, "W");
                double[] w = param(m, layer, "W");
                double[] b0 = param(net, layer, "b");
                double[] b = param(m, layer, "b");
                if (i < k) {
                    // randomised: every weight redrawn (a continuous draw equal to the old value has
                    // probability 0), biases exactly 0
                    for (int j = 0; j < w.length; j++) {
                        assertTrue(w[j] != w0[j], layer + " W[" + j + "] after top " + k);
                    }
                    assertArrayEquals(new double[b.length], b, 0.0, layer + " bias after top " + k);
                    // the weights are not all zero or constant: they are a real draw
                    assertTrue(Arrays.stream(w).distinct().count() == w.length, layer);
                } else {
                    assertArrayEquals(w0, w, 0.0, layer + " W untouched after top " + k);
                    assertArrayEquals(b0, b, 0.0, layer + " b untouched after top " + k);
                }
            }
        }
    }

    @Test
    void theOriginalModelIsNeverTouched() {
        MultiLayerNetwork net = ProbeNets.conv(5, ConvolutionMode.Truncate);
        double[] before = net.params().dup().toDoubleVector();
        CascadingRandomisation c = new CascadingRandomisation(net, 3);
        c.randomiseTop(1);
        Model all = c.randomiseTop(3);
        assertFalse(Arrays.equals(before, all.params().toDoubleVector()));
        assertArrayEquals(before, net.params().toDoubleVector(), 0.0);
    }

    @Test
    void seedDeterminesTheDraw() {
        MultiLayerNetwork net = ProbeNets.conv(5, ConvolutionMode.Truncate);
        double[] a = new CascadingRandomisation(net, 17).randomiseTop(3).params().dup().toDoubleVector();
        double[] b = new CascadingRandomisation(net, 17).randomiseTop(3).params().dup().toDoubleVector();
        double[] other = new CascadingRandomisation(net, 18).randomiseTop(3).params().dup().toDoubleVector();
        assertArrayEquals(a, b, 0.0);
        assertFalse(Arrays.equals(a, other));
        // stepping 1, 2, 3 draws the same values as going to 3 at once (one generator, top-down order)
        CascadingRandomisation stepped = new CascadingRandomisation(net, 17);
        stepped.randomiseTop(1);
        stepped.randomiseTop(2);
        assertArrayEquals(a, stepped.randomiseTop(3).params().toDoubleVector(), 0.0);
    }

    @Test
    void stepsOnlyGoForwardAndWithinDepth() {
        CascadingRandomisation c = new CascadingRandomisation(ProbeNets.conv(5, ConvolutionMode.Truncate), 1);
        c.randomiseTop(2);
        assertThrows(IllegalArgumentException.class, () -> c.randomiseTop(1));
        assertThrows(IllegalArgumentException.class, () -> c.randomiseTop(4));
        // repeating the current step is allowed and changes nothing
        double[] now = c.randomiseTop(2).params().dup().toDoubleVector();
        assertArrayEquals(now, c.randomiseTop(2).params().toDoubleVector(), 0.0);
    }
}
