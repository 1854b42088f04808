package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.probes.CascadingRandomisation;
import org.dl4jsaliency.report.CheckResult;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cascading randomisation on a linear model whose gradient is its weights (docs/algorithms.md §5.6). */
class RandomisationCheckTest {

    @Test
    void theGradientsSimilarityIsTheRankCorrelationOfTheTrainedAndTheRandomisedWeights() {
        double[] w = new double[LinearModel.SIDE * LinearModel.SIDE];
        for (int p = 0; p < w.length; p++) {
            w[p] = 1 + p / 64.0;
        }
        MultiLayerNetwork model = LinearModel.of(w);
        INDArray before = model.params().dup();
        AuditContext ctx = LinearModel.context(model, 0, 1, "gradient");
        CheckResult r = LinearModel.result(LinearModel.run(RandomisationCheck.NAME, ctx), "gradient");

        // The cascade the check runs, rebuilt from the same seed: with the output layer re-initialised the
        // gradient for class 0 is the new weights' column 0 (times the 1×1 convolution's weight), the
        // same for every image.
        CascadingRandomisation cascade = new CascadingRandomisation(model, ctx.random(RandomisationCheck.NAME).nextLong());
        assertEquals(List.of("logits", "pixels"), cascade.layerNames());
        for (int k = 1; k <= 2; k++) {
            Model randomised = cascade.randomiseTop(k);
            MultiLayerNetwork net = (MultiLayerNetwork) randomised;
            double conv = net.getLayer(0).getParam("W").getDouble(0);
            double[] now = net.getLayer(1).getParam("W").get(NDArrayIndex.all(), NDArrayIndex.point(0)).toDoubleVector();
            double[] a = new double[w.length];
            double[] b = new double[w.length];
            for (int p = 0; p < w.length; p++) {
                a[p] = Math.abs(w[p]);
                b[p] = Math.abs(now[p] * conv);
            }
            assertEquals(spearman(a, b), r.components().get("spearman-abs@" + k), 1e-9, "step " + k);
        }
        // Weights are redrawn with the layer's own spread; the 1×1 convolution's single weight has none, so
        // at step 2 the model is zero, every map vanishes and the step measures nothing.
        assertTrue(Double.isNaN(r.components().get("spearman-abs@2")));
        assertEquals(r.components().get("spearman-abs@1"), r.value(), 1e-12,
                "the number is the mean over the steps that measured something");
        assertEquals(before, model.params(), "the audited model is never modified");
    }

    /** Spearman's ρ written out: Pearson correlation of ranks, ties given their mean rank. */
    private static double spearman(double[] a, double[] b) {
        return pearson(ranks(a), ranks(b));
    }

    private static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int below = 0;
            int equal = 0;
            for (double u : v) {
                below += u < v[i] ? 1 : 0;
                equal += u == v[i] ? 1 : 0;
            }
            r[i] = below + (equal + 1) / 2.0;
        }
        return r;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
