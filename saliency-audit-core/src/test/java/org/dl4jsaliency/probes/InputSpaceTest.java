package org.dl4jsaliency.probes;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The declared preprocessing x_c = scale_c · I + offset_c, checked against hand-derived zero points and
 * bounds. Zero points are −offset / scale: with binary-exact constants they are exact; for ImageNet-like
 * constants the two divisions cost a couple of ulps, hence 4 ulps of the value as tolerance.
 */
class InputSpaceTest {

    @Test
    void unitRange() {
        InputSpace s = InputSpace.range(0, 1);
        assertEquals(1, s.channels());
        assertEquals(0.0, s.zeroPoint(0), 0.0);
        assertEquals(0.0, s.low(0), 0.0);
        assertEquals(1.0, s.high(0), 0.0);
    }

    @Test
    void symmetricRangeHasZeroPointAtMidGrey() {
        // x = 2I − 1 = 0 ⇔ I = 1/2
        InputSpace s = InputSpace.range(-1, 1);
        assertEquals(0.5, s.zeroPoint(0), 0.0);
        assertEquals(-1.0, s.low(0), 0.0);
        assertEquals(1.0, s.high(0), 0.0);
        // one declared channel applies to every channel
        assertEquals(0.5, s.zeroPoint(2), 0.0);
    }

    @Test
    void zBoxBoundsEncloseEveryChannelsRange() {
        // x_c = (I − mean_c) / std_c: black at −mean_c/std_c, white at (1 − mean_c)/std_c
        InputSpace s = InputSpace.meanStd(new double[] {127.5, 102, 51}, new double[] {63.75, 51, 102}, 255);
        double[] box = s.enclosingBox();
        assertEquals(Math.min(-2.0, Math.min(-2.0, -0.5)), box[0], 1e-12);
        assertEquals(Math.max(2.0, Math.max(3.0, 2.0)), box[1], 1e-12);
        assertArrayEquals(new double[] {-1, 1}, InputSpace.range(-1, 1).enclosingBox(), 0.0);
    }

    @Test
    void byteRange() {
        InputSpace s = InputSpace.range(0, 255);
        assertEquals(0.0, s.low(0), 0.0);
        assertEquals(255.0, s.high(0), 0.0);
        assertEquals(0.0, s.zeroPoint(0), 0.0);
        assertEquals(255.0, s.scale(0), 0.0);
    }

    @Test
    void meanStdZeroPointIsMeanOverMaxPixel() {
        double[] mean = {123.675, 116.28, 103.53};
        double[] std = {58.395, 57.12, 57.375};
        InputSpace s = InputSpace.meanStd(mean, std, 255);
        assertEquals(3, s.channels());
        for (int c = 0; c < 3; c++) {
            // (p − m)/σ = 0 ⇔ p = m ⇔ I = m / 255
            double expected = mean[c] / 255;
            assertEquals(expected, s.zeroPoint(c), 4 * Math.ulp(expected), "channel " + c);
            // low = (0 − m)/σ, high = (255 − m)/σ, a few roundings apart
            assertEquals(-mean[c] / std[c], s.low(c), 4 * Math.ulp(mean[c] / std[c]));
            assertEquals((255 - mean[c]) / std[c], s.high(c), 8 * Math.ulp(255 / std[c]));
        }
        // per-channel lookups beyond the declared channels are an error
        assertThrows(IllegalArgumentException.class, () -> s.zeroPoint(3));
    }

    @Test
    void meanStdOnUnitPixels() {
        // mean 0.5, std 0.25 (binary exact): x = (I − 0.5)/0.25 → zero point 0.5, low −2, high 2, exactly
        InputSpace s = InputSpace.meanStd(new double[] {0.5}, new double[] {0.25}, 1);
        assertEquals(0.5, s.zeroPoint(0), 0.0);
        assertEquals(-2.0, s.low(0), 0.0);
        assertEquals(2.0, s.high(0), 0.0);
    }

    @Test
    void toModelAppliesThePerChannelAffineMap() {
        InputSpace s = InputSpace.meanStd(new double[] {0.5, 0.25}, new double[] {0.25, 0.5}, 1);
        // I = 0.75 in both channels: channel 0 → (0.75 − 0.5)/0.25 = 1; channel 1 → (0.75 − 0.25)/0.5 = 1
        // I = 0 → −2 and −0.5; binary-exact constants, so exact
        INDArray d = Nd4j.create(new double[] {0.75, 0, 0.75, 0}, new long[] {1, 2, 1, 2}, DataType.DOUBLE);
        INDArray x = s.toModel(d, DataType.DOUBLE);
        assertArrayEquals(new double[] {1, -2, 1, -0.5}, x.data().asDouble(), 0.0);
        // the input is not modified
        assertArrayEquals(new double[] {0.75, 0, 0.75, 0}, d.data().asDouble(), 0.0);
    }

    @Test
    void toDisplayInvertsToModel() {
        Random rng = new Random(11);
        double[] v = new double[2 * 3 * 4 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble();
        }
        INDArray display = Nd4j.create(v, new long[] {2, 3, 4, 5}, DataType.DOUBLE);
        InputSpace[] spaces = {InputSpace.range(0, 1), InputSpace.range(-1, 1), InputSpace.range(0, 255),
                InputSpace.meanStd(new double[] {123.675, 116.28, 103.53}, new double[] {58.395, 57.12, 57.375}, 255)};
        for (InputSpace s : spaces) {
            double[] back = s.toDisplay(s.toModel(display, DataType.DOUBLE)).data().asDouble();
            // (s·I + o − o)/s: the add/sub of o (|o| ≤ 2.2, |x| ≤ 255/57) loses at most a few ulps of the
            // model value; divided by the scale, that is below 1e-14 in display units
            assertArrayEquals(v, back, 1e-14, s.description());
        }
    }

    @Test
    void rejectsInvalidPreprocessing() {
        assertThrows(IllegalArgumentException.class, () -> InputSpace.range(1, 1));
        assertThrows(IllegalArgumentException.class, () -> InputSpace.range(1, 0));
        assertThrows(IllegalArgumentException.class, () -> InputSpace.range(0, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> InputSpace.meanStd(new double[] {0.5}, new double[] {0}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> InputSpace.meanStd(new double[] {0.5}, new double[] {-0.2}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> InputSpace.meanStd(new double[] {0.5, 0.5}, new double[] {0.2}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> InputSpace.meanStd(new double[] {0.5}, new double[] {0.2}, 0));
    }
}
