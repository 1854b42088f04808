package org.dl4jsaliency.rules;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelevanceTest {

    @Test
    void divisionByTinyDenominatorsIsExactAndOnlyExactZerosPassNothing() {
        // |z| below 1e-5 must still divide: the stabilised z of LRP-ε is z ± 1e-6.
        INDArray r = Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0, -1.0);
        INDArray z = Nd4j.createFromArray(5e-6, 0.0, -3e-6, 2.0, 1e-6);
        double[] got = Relevance.divide(r, z).toDoubleVector();
        assertArrayEquals(new double[] {1.0 / 5e-6, 0.0, 3.0 / -3e-6, 2.0, -1.0 / 1e-6}, got, 1e-6);
    }

    @Test
    void stabiliserAddsEpsilonWithTheSignOfZeroCountedPositive() {
        INDArray z = Nd4j.createFromArray(-2.0, 0.0, 3e-6, -0.5);
        double[] got = Relevance.stabilise(z, 1e-6).toDoubleVector();
        assertArrayEquals(new double[] {-2.0 - 1e-6, 1e-6, 4e-6, -0.5 - 1e-6}, got, 1e-15);
        assertArrayEquals(new double[] {-2.0, 0.0, 3e-6, -0.5}, z.toDoubleVector(), 0.0, "z is not modified");
    }

    @Test
    void freeingTemporariesLeavesKeptArraysAndViewsAlone() {
        INDArray kept = Nd4j.createFromArray(1.0, 2.0);
        INDArray sameBuffer = kept.reshape(2, 1);
        INDArray parent = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray view = parent.getRow(0);
        INDArray temporary = Nd4j.createFromArray(5.0, 6.0);
        Relevance.free(new INDArray[] {kept}, sameBuffer, view, temporary);
        assertFalse(kept.wasClosed());
        assertFalse(parent.wasClosed());
        assertArrayEquals(new double[] {1, 2}, view.toDoubleVector(), 0.0);
        assertTrue(temporary.wasClosed());
    }
}
