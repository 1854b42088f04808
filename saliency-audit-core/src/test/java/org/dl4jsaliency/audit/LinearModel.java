package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A linear model on 1×8×8 images whose maps are known by hand, for the per-check tests: a 1×1
 * convolution with weight 1 (so the model reads images, and the re-encoding can rewrite it) and a
 * linear output whose class-0 logit is Σ_p w_p x_p. Its gradient for class 0 is w whatever the input,
 * and gradient × input is w ⊙ x. Double precision, so identities hold to rounding.
 */
final class LinearModel {
    static final int SIDE = 8;

    private LinearModel() {
    }

    /** The model with class-0 weights {@code w} (row-major pixels) and a class 1 that reads nothing. */
    static MultiLayerNetwork of(double[] w) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(1, 1).name("pixels").nOut(1).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).name("logits").nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(SIDE, SIDE, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).setParam("W", Nd4j.ones(DataType.DOUBLE, 1, 1, 1, 1));
        net.getLayer(0).setParam("b", Nd4j.zeros(DataType.DOUBLE, 1, 1));
        double[][] out = new double[SIDE * SIDE][2];
        for (int p = 0; p < out.length; p++) {
            out[p][0] = w[p];
        }
        net.getLayer(1).setParam("W", Nd4j.create(out));
        net.getLayer(1).setParam("b", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        return net;
    }

    /** Every class-0 weight {@code value}: a uniform gradient map. */
    static MultiLayerNetwork uniform(double value) {
        double[] w = new double[SIDE * SIDE];
        java.util.Arrays.fill(w, value);
        return of(w);
    }

    /**
     * The context of an audit of {@code model} explaining class 0 with inputs scaled from [0, 1] to
     * [lo, hi], seed 1, running {@code methods}.
     */
    static AuditContext context(MultiLayerNetwork model, double lo, double hi, String... methods) {
        AuditConfig c = new AuditConfig();
        c.name = "linear";
        c.model = new AuditConfig.ModelSpec();
        c.model.inputShape = List.of(1, SIDE, SIDE);
        c.preprocessing.range = List.of(lo, hi);
        c.seed = 1;
        c.target = 0;
        c.methods = new ArrayList<>(List.of(methods));
        c.checks = new LinkedHashMap<>();
        BiasAudit.DEFAULT_THRESHOLDS.forEach((k, v) -> {
            AuditConfig.Thresholds t = new AuditConfig.Thresholds();
            t.warn = v[0];
            t.fail = v[1];
            c.checks.put(k, t);
        });
        AuditPlan plan = AuditPlan.inMemory(c, model, "linear model", null);
        return new AuditContext(plan, new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Runs check {@code name} on {@code ctx} with the default thresholds. */
    static Check.Outcome run(String name, AuditContext ctx) {
        return Checks.entry(name).factory().get().run(ctx, ctx.config().threshold(name));
    }

    /** The result of {@code method} in {@code outcome}. */
    static org.dl4jsaliency.report.CheckResult result(Check.Outcome outcome, String method) {
        return outcome.results().stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow();
    }
}
