package org.dl4jsaliency.measures;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The measurements the audit and the reproduction share, against numbers worked out by hand. */
class MeasuresTest {

    @Test
    void aRegionsShareIsItsPartOfTheChannelSummedMagnitude() {
        // example 0: channel sums [[3, −1], [0, 4]] (|.| total 8); example 1: all zero
        INDArray maps = Nd4j.create(new double[] {1, -1, 0, 1, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0},
                new long[] {2, 2, 2, 2}, 'c');
        boolean[][] corner = {{true, false}, {false, false}};
        boolean[][] diagonal = {{false, true}, {true, true}};
        double[] s = RegionShares.of(maps, List.of(corner, diagonal));
        assertEquals(3.0 / 8, s[0], 1e-15);
        assertTrue(Double.isNaN(s[1]), "an all-zero map has no relevance to share");
        assertThrows(IllegalArgumentException.class, () -> RegionShares.of(maps, List.<boolean[][]>of(corner)));
    }

    @Test
    void reEncodingErrorIsZeroForAMapThatScalesWithOneOverAAndMasksTheBorder() {
        INDArray original = Nd4j.rand(DataType.DOUBLE, 2, 1, 5, 5).subi(0.5);
        // a = −2: an invariant method's map on the rewritten model is the original divided by a
        INDArray invariant = original.div(-2);
        assertArrayEquals(new double[] {0, 0}, ReEncodingErrors.of(original, invariant, -2, 0), 1e-15);

        INDArray borderOnly = invariant.dup();
        borderOnly.putScalar(new long[] {0, 0, 0, 0}, 10);
        assertEquals(0, ReEncodingErrors.of(original, borderOnly, -2, 1)[0], 1e-15, "the edge is masked");
        assertTrue(ReEncodingErrors.of(original, borderOnly, -2, 0)[0] > 0.1);

        // n(A) against n(−A): the whole of 2·n(A)
        assertEquals(2, ReEncodingErrors.of(original, original, -1, 0)[1], 1e-12);
        INDArray before = invariant.dup();
        ReEncodingErrors.of(original, invariant, -2, 0);
        assertEquals(before, invariant, "the caller's maps are not scaled in place");
        assertThrows(IllegalArgumentException.class, () -> ReEncodingErrors.of(original, invariant, -2, 3));
        assertThrows(IllegalArgumentException.class, () -> ReEncodingErrors.of(original, invariant, -2, -1));
    }
}
