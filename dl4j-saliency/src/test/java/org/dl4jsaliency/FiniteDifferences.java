package org.dl4jsaliency;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.ToDoubleFunction;

/** Central finite differences, the independent truth the engine's gradients are checked against. */
public final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /** ∂f/∂x at the flat (c-order) positions {@code at} of a single-example input. */
    public static double[] gradient(ToDoubleFunction<INDArray> f, INDArray x, long[] at, double h) {
        double[] g = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            INDArray plus = x.dup('c');
            INDArray minus = x.dup('c');
            double v = x.dup('c').reshape(-1).getDouble(at[i]);
            plus.reshape(-1).putScalar(at[i], v + h);
            minus.reshape(-1).putScalar(at[i], v - h);
            g[i] = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
        }
        return g;
    }

    /** Every flat position of x. */
    public static long[] all(INDArray x) {
        long[] at = new long[(int) x.length()];
        for (int i = 0; i < at.length; i++) {
            at[i] = i;
        }
        return at;
    }

    /** max |a − b| / max(max |b|, tiny): a relative error over the whole vector. */
    public static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / Math.max(scale, 1e-300);
    }
}
