package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.MethodRegistry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench}: per zoo model and batch size, the time of the model's own forward pass (DL4J's
 * {@code output()}), of the engine's forward pass, and of each method, with ratios to the former.
 * Median and minimum of repeated runs after warm-up; random weights and inputs (timing only).
 */
final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "time the forward pass and each method per zoo model and batch size";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("models").hasArg().argName("a,b")
                .desc("zoo models (default lenet,resnet50)").build());
        o.addOption(Option.builder().longOpt("input-shape").hasArg().argName("c,h,w")
                .desc("input shape for every model (default: 1,28,28 for lenet, 3,224,224 otherwise)").build());
        o.addOption(Option.builder().longOpt("batch").hasArg().argName("1,8").desc("batch sizes (default 1,8)").build());
        o.addOption(Option.builder().longOpt("method").hasArg().argName("name")
                .desc("method to time, repeatable (default: every registered method)").build());
        o.addOption(Option.builder().longOpt("repeats").hasArg().argName("n").desc("timed runs each (default 3)").build());
        return o;
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        List<String> models = Arrays.asList(line.getOptionValue("models", "lenet,resnet50").split(","));
        int[] batches = Args.shape("batch", line.getOptionValue("batch", "1,8"));
        int repeats = Args.positiveInt("repeats", line.getOptionValue("repeats", "3"));
        List<String> methodNames = line.hasOption("method") ? Arrays.asList(line.getOptionValues("method"))
                : new ArrayList<>(MethodRegistry.names());
        List<AttributionMethod> methods = new ArrayList<>();
        for (String m : methodNames) {
            methods.add(Args.method(m));
        }
        out.printf(Locale.ROOT, "%-11s %-12s %5s %-26s %10s %10s %8s %8s%n", "model", "input", "batch", "what",
                "median ms", "min ms", "ratio", "min ratio");
        for (String name : models) {
            int[] shape = line.hasOption("input-shape") ? Args.shape("input-shape", line.getOptionValue("input-shape"))
                    : name.trim().equalsIgnoreCase("lenet") ? new int[] {1, 28, 28} : new int[] {3, 224, 224};
            Model model = ZooModels.create(name.trim(), 10, shape, 42);
            for (int batch : batches) {
                SaliencyEngine engine = SaliencyEngine.builder(model).chunkSize(batch).build();
                Nd4j.getRandom().setSeed(7);
                INDArray x = Nd4j.rand(DataType.FLOAT, batch, shape[0], shape[1], shape[2]);
                String in = shape[0] + "x" + shape[1] + "x" + shape[2];
                System.err.printf(Locale.ROOT, "bench: %s batch %d forward%n", name, batch);
                // The baseline is the user's own prediction: DL4J's inference output().
                double[] forward = time(repeats, () -> predict(model, x));
                row(out, name, in, batch, "forward", forward, forward);
                row(out, name, in, batch, "engine-forward", time(repeats, () -> engine.logits(x)), forward);
                for (AttributionMethod m : methods) {
                    System.err.printf(Locale.ROOT, "bench: %s batch %d %s%n", name, batch, m.name());
                    double[] t = time(repeats, () -> m.attribute(engine, x, Targets.predicted(), ExplainedOutput.LOGIT));
                    row(out, name, in, batch, m.name(), t, forward);
                }
                out.flush();
            }
        }
        return 0;
    }

    private static void predict(Model model, INDArray x) {
        if (model instanceof MultiLayerNetwork m) {
            m.output(x, false);
        } else {
            ((ComputationGraph) model).outputSingle(false, x);
        }
    }

    private static void row(PrintStream out, String model, String in, int batch, String what, double[] t,
                            double[] forward) {
        out.printf(Locale.ROOT, "%-11s %-12s %5d %-26s %10.1f %10.1f %8.2f %8.2f%n", model, in, batch, what, t[0], t[1],
                t[0] / forward[0], t[1] / forward[1]);
    }

    /** {median, min} milliseconds of {@code repeats} runs after one warm-up run. */
    private static double[] time(int repeats, Runnable work) {
        work.run();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[repeats / 2], ms[0]};
    }
}
