package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.probes.ReEncoding;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Verdict;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Colour re-encoding invariance on a linear model whose maps are known by hand (docs/algorithms.md §5.4). */
class ReEncodingCheckTest {

    @Test
    void theGradientIsInvariantAndTheProductsErrorIsTheNormalisedDistanceOfTheImagesAndTheirEncodings() {
        AuditContext ctx = LinearModel.context(LinearModel.uniform(0.3), 0, 1, "gradient", "gradient-x-input");
        Check.Outcome o = LinearModel.run(ReEncodingCheck.NAME, ctx);
        CheckResult gradient = LinearModel.result(o, "gradient");
        assertEquals(0.0, gradient.value(), 1e-12, "the rewritten model's gradient is the original's divided by a");
        assertEquals(Verdict.PASS, gradient.verdict());

        // On the rewritten model f̃(x̃) = f(x) the product's map times a is (a·x + c) ⊙ w: for a uniform w
        // its normalised difference from x ⊙ w is that of the images x and a·x + c.
        int images = ctx.probes().smooth().size();
        double worst = 0;
        for (ReEncoding t : ReEncoding.standard(ctx.config().probes.shift)) {
            double mean = 0;
            for (int i = 0; i < images; i++) {
                double[] x = ctx.probes().smooth().display().get(NDArrayIndex.point(i)).dup('c').reshape(-1)
                        .toDoubleVector();
                double[] y = new double[x.length];
                for (int p = 0; p < x.length; p++) {
                    y[p] = t.a() * x[p] + t.c();
                }
                mean += distanceOfNormalised(x, y) / images;
            }
            assertEquals(mean, LinearModel.result(o, "gradient-x-input").components().get(t.name()), 1e-9, t.name());
            worst = Math.max(worst, mean);
        }
        CheckResult product = LinearModel.result(o, "gradient-x-input");
        assertEquals(worst, product.value(), 1e-9);
        assertTrue(product.value() > 0.3, "inversion moves the product's map far: " + product.value());
        assertEquals(Verdict.FAIL, product.verdict());
    }

    @Test
    void aFirstLayerTheRewriteCannotChangeMeasuresNothingAndNeverPasses() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).list()
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(LinearModel.SIDE, LinearModel.SIDE, 1))
                .build();
        MultiLayerNetwork poolFirst = new MultiLayerNetwork(conf);
        poolFirst.init();
        AuditContext ctx = LinearModel.context(poolFirst, 0, 1, "gradient");
        CheckResult r = LinearModel.result(LinearModel.run(ReEncodingCheck.NAME, ctx), "gradient");
        assertEquals(Verdict.NOT_APPLICABLE, r.verdict());
        assertTrue(r.detail().contains("pool") || r.detail().contains("first"), r.detail());
    }

    /** ‖x/‖x‖ − y/‖y‖‖, written out. */
    private static double distanceOfNormalised(double[] x, double[] y) {
        double nx = 0;
        double ny = 0;
        for (int p = 0; p < x.length; p++) {
            nx += x[p] * x[p];
            ny += y[p] * y[p];
        }
        nx = Math.sqrt(nx);
        ny = Math.sqrt(ny);
        double d = 0;
        for (int p = 0; p < x.length; p++) {
            double e = x[p] / nx - y[p] / ny;
            d += e * e;
        }
        return Math.sqrt(d);
    }
}
