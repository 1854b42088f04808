package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.engine.ModelDoctor;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.probes.ModelInput;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code doctor}: the engine's pre-flight check of a model, layer by layer, then its parameters and a
 * probe forward pass checked for NaN/Inf (the first non-finite layer is named).
 */
final class DoctorCommand implements Command {
    private static final long PROBE_SEED = 1;

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "check, layer by layer, how a model is handled and which rule a method applies; NaN/Inf in its "
                + "parameters or a probe forward pass";
    }

    @Override
    public Options options() {
        Options o = ModelOptions.add(new Options());
        o.addOption(Option.builder().longOpt("method").hasArg().argName("name")
                .desc("show this method's backward rule per node (default gradient)").build());
        return o;
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        Model model = ModelOptions.load(line);
        String methodName = line.getOptionValue("method", MethodRegistry.GRADIENT);
        AttributionMethod method = Args.method(methodName);
        ModelDoctor.Diagnosis d = ModelDoctor.examine(model, method.rules());
        out.print(d.format());
        out.println(declarations(method));
        if (!d.ok()) {
            throw new UsageException("model has unsupported layers (marked FAIL above)");
        }
        out.println("all layers supported");
        List<String> bad = ModelDoctor.nonFiniteParameters(model);
        if (!bad.isEmpty()) {
            throw new UsageException("parameter(s) " + bad + " hold NaN/Inf: every map of this model would be NaN");
        }
        out.println("parameters finite");
        ModelInput input;
        try {
            int[] shape = line.hasOption("input-shape") || line.hasOption("zoo")
                    ? Args.shape("input-shape", line.getOptionValue("input-shape", "3,224,224")) : null;
            input = ModelInput.of(model, shape);
        } catch (IllegalArgumentException e) {
            out.println("probe forward pass skipped: " + e.getMessage());
            return 0;
        }
        // Noise over [0, 1] rather than zeros: an all-zero input hides overflow that real images reach.
        SplittableRandom random = new SplittableRandom(PROBE_SEED);
        double[] values = random.doubles((long) input.channels() * input.height() * input.width()).toArray();
        INDArray probe = input.fromNchw(Nd4j.create(values, new long[] {1, input.channels(), input.height(),
                input.width()}, 'c').castTo(input.dataType()));
        SaliencyEngine.builder(model).copyParameters(false).build().logits(probe);
        out.println("probe forward pass " + input.shape() + ": logits finite");
        return 0;
    }

    /** What the method says of itself: whether its map ends multiplied by the input, and its delta. */
    static String declarations(AttributionMethod method) {
        String multiplies = method.multipliesInput()
                ? "map ends multiplied by the input: pixels at the input's zero point get no relevance whatever "
                + "the model does with them (input bias, docs/algorithms.md §1)"
                : "map not multiplied by the input";
        return "method " + method.name() + ": " + multiplies + (method.hasCompletenessDelta()
                ? "; completeness delta per example in the attribution's extras" : "");
    }
}
