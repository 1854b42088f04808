package org.dl4jsaliency.metrics;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** E = ‖n(A) − n(B)‖ on hand-computed cases. */
class NormalisedDifferenceTest {

    @Test
    void positiveMultipleIsZeroNegativeIsTwo() {
        var a = Nd4j.createFromArray(3.0, 4.0);
        assertEquals(0, NormalisedDifference.of(a, a.mul(2.5)), 1e-15);
        assertEquals(2, NormalisedDifference.of(a, a.mul(-0.5)), 1e-15);
    }

    @Test
    void handComputedRotation() {
        // n(A) = (0.6, 0.8), n(B) = (0.8, 0.6): difference (−0.2, 0.2), norm √0.08
        assertEquals(Math.sqrt(0.08), NormalisedDifference.of(Nd4j.createFromArray(3.0, 4.0),
                Nd4j.createFromArray(8.0, 6.0)), 1e-15);
    }

    @Test
    void zeroMapsAndShapes() {
        var zero = Nd4j.zeros(DataType.DOUBLE, 2);
        var a = Nd4j.createFromArray(1.0, 0.0);
        assertTrue(Double.isNaN(NormalisedDifference.of(zero, a)));
        assertEquals(1, NormalisedDifference.of(a, zero), 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> NormalisedDifference.of(a, Nd4j.zeros(DataType.DOUBLE, 3)));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }
}
