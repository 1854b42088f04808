package org.dl4jsaliency.measures;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What changes when a method's threshold is swept (RectGrad's percentile q, docs/algorithms.md §2): per
 * example, how many different maps the settings give, and how many examples' maps equal a reference
 * setting's (the constant τ = 0, Guided Backprop). Maps are equal when they are equal value by value
 * over all C×H×W values (0.0 equals −0.0, NaN equals nothing); the share on a region per setting is
 * {@link RegionShares}.
 * What the reproduction's threshold sweep (docs/report-json.md, {@code sweep}) measures.
 */
public final class ThresholdSweeps {
    private ThresholdSweeps() {
    }

    /**
     * Per example i, {@code D_i = |{A_s(i) : s}|}, the number of different maps among the settings:
     * {@code settings.get(s)} holds the maps [N, C, H, W] of setting s. 1 means the threshold changes nothing.
     *
     * @throws IllegalArgumentException when there are no settings or their shapes differ
     */
    public static double[] distinctMaps(List<INDArray> settings) {
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("settings must hold the maps of at least one setting");
        }
        List<double[][]> flat = new ArrayList<>();
        for (INDArray maps : settings) {
            requireSameShape(settings.get(0), maps, "settings");
            flat.add(flat(maps));
        }
        double[] counts = new double[flat.get(0).length];
        for (int i = 0; i < counts.length; i++) {
            List<double[]> seen = new ArrayList<>();
            for (double[][] setting : flat) {
                double[] m = setting[i];
                if (seen.stream().noneMatch(o -> same(o, m))) {
                    seen.add(m);
                }
            }
            counts[i] = seen.size();
        }
        return counts;
    }

    /**
     * {@code Σ_i [A(i) = R(i)]}: of the examples of {@code maps} [N, C, H, W], how many have exactly the map
     * {@code reference} gives them.
     *
     * @throws IllegalArgumentException when the shapes differ
     */
    public static int sameMaps(INDArray maps, INDArray reference) {
        requireSameShape(reference, maps, "maps");
        double[][] a = flat(maps);
        double[][] b = flat(reference);
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += same(a[i], b[i]) ? 1 : 0;
        }
        return n;
    }

    private static void requireSameShape(INDArray expected, INDArray maps, String name) {
        if (!Arrays.equals(expected.shape(), maps.shape())) {
            throw new IllegalArgumentException(name + ": maps of shape " + Arrays.toString(maps.shape())
                    + " where " + Arrays.toString(expected.shape()) + " was expected");
        }
    }

    private static double[][] flat(INDArray maps) {
        return maps.castTo(DataType.DOUBLE).reshape('c', maps.size(0), -1).toDoubleMatrix();
    }

    /** Equal value by value; unlike {@link Arrays#equals(double[], double[])}, 0.0 equals −0.0. */
    private static boolean same(double[] a, double[] b) {
        for (int k = 0; k < a.length; k++) {
            if (a[k] != b[k]) {
                return false;
            }
        }
        return true;
    }
}
