package org.dl4jsaliency.cli;

import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.MethodSpec;
import org.dl4jsaliency.models.ZooModels;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.dl4jsaliency.report.AtomicFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench}: per zoo model and batch size, milliseconds per image of the engine's forward pass, of
 * DL4J's own inference ({@code output()}), and of each method, with the process's peak resident memory
 * while each row ran. Median and minimum of repeated runs after one warm-up; random weights (see
 * {@link ZooModels}) and uniform random inputs. {@code --jsonl} writes one JSON object per row, the
 * format {@code scripts/bench-vs-pytorch.sh} merges with the PyTorch side.
 */
final class BenchCommand implements Command {
    private static final String FORWARD = "forward";
    private static final String DL4J_OUTPUT = "dl4j-output";
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final Path STATUS = Path.of("/proc/self/status");

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
        o.addOption(Option.builder().longOpt("classes").hasArg().argName("n").desc("output classes (default 1000)").build());
        o.addOption(Option.builder().longOpt("chunk").hasArg().argName("n")
                .desc("engine chunk size (default " + SaliencyEngine.DEFAULT_CHUNK_SIZE + ")").build());
        o.addOption(Option.builder().longOpt("method").hasArg().argName("spec")
                .desc("row to time, repeatable: a method spec, or " + FORWARD + " (the engine's forward pass) or "
                        + DL4J_OUTPUT + " (DL4J's own output()); default: both forward rows and every registered "
                        + "method").build());
        o.addOption(Option.builder().longOpt("repeats").hasArg().argName("n").desc("timed runs each (default 3)").build());
        o.addOption(Option.builder().longOpt("jsonl").hasArg().argName("file")
                .desc("also write one JSON object per row to this file").build());
        return o;
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        List<String> models = Arrays.asList(line.getOptionValue("models", "lenet,resnet50").split(","));
        int[] batches = Args.shape("batch", line.getOptionValue("batch", "1,8"));
        int repeats = Args.positiveInt("repeats", line.getOptionValue("repeats", "3"));
        int classes = Args.positiveInt("classes", line.getOptionValue("classes", "1000"));
        int chunk = Args.positiveInt("chunk", line.getOptionValue("chunk", String.valueOf(SaliencyEngine.DEFAULT_CHUNK_SIZE)));
        List<String> specs = new ArrayList<>();
        if (line.hasOption("method")) {
            specs.addAll(Arrays.asList(line.getOptionValues("method")));
        } else {
            specs.add(FORWARD);
            specs.add(DL4J_OUTPUT);
            specs.addAll(MethodRegistry.names());
        }
        Map<String, AttributionMethod> methods = new LinkedHashMap<>();
        for (String m : specs) {
            methods.put(m, m.equals(FORWARD) || m.equals(DL4J_OUTPUT) ? null : Args.method(m));
        }
        Path jsonl = line.hasOption("jsonl") ? Path.of(line.getOptionValue("jsonl")) : null;
        List<Map<String, Object>> records = new ArrayList<>();
        int threads = Nd4j.getEnvironment().maxMasterThreads();
        out.printf(Locale.ROOT, "threads %d, engine chunk %d, %d timed runs after one warm-up; weights: %s%n", threads,
                chunk, repeats, ZooModels.INITIALISATION);
        out.printf(Locale.ROOT, "%-10s %-10s %5s %-28s %10s %10s %10s %9s%n", "model", "input", "batch", "row",
                "median ms", "min ms", "ms/image", "peak MB");
        for (String name : models) {
            int[] shape = line.hasOption("input-shape") ? Args.shape("input-shape", line.getOptionValue("input-shape"))
                    : name.trim().equalsIgnoreCase("lenet") ? new int[] {1, 28, 28} : new int[] {3, 224, 224};
            Model model = ModelOptions.zoo(name.trim(), classes, shape, 42);
            for (int batch : batches) {
                SaliencyEngine engine = SaliencyEngine.builder(model).chunkSize(chunk).build();
                Nd4j.getRandom().setSeed(7);
                INDArray x = Nd4j.rand(DataType.FLOAT, batch, shape[0], shape[1], shape[2]);
                requireFinite(name, engine.logits(x));
                String in = shape[0] + "x" + shape[1] + "x" + shape[2];
                Map<String, Runnable> rows = new LinkedHashMap<>();
                methods.forEach((spec, m) -> rows.put(spec, spec.equals(FORWARD) ? () -> engine.logits(x)
                        : spec.equals(DL4J_OUTPUT) ? () -> predict(model, x)
                        : () -> m.attribute(engine, x, Targets.predicted(), ExplainedOutput.LOGIT)));
                for (Map.Entry<String, Runnable> row : rows.entrySet()) {
                    System.err.printf(Locale.ROOT, "bench: %s batch %d %s%n", name, batch, row.getKey());
                    resetPeakMemory();
                    double[] t = time(repeats, row.getValue());
                    long peakMb = peakMemoryMb();
                    out.printf(Locale.ROOT, "%-10s %-10s %5d %-28s %10.1f %10.1f %10.1f %9s%n", name, in, batch,
                            row.getKey(), t[0], t[1], t[0] / batch, peakMb < 0 ? "-" : String.valueOf(peakMb));
                    out.flush();
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("side", "dl4j");
                    r.put("model", name.trim());
                    r.put("input", in);
                    r.put("batch", batch);
                    r.put("row", rowName(row.getKey()));
                    r.put("spec", row.getKey());
                    r.put("median_ms", t[0]);
                    r.put("min_ms", t[1]);
                    r.put("ms_per_image", t[0] / batch);
                    r.put("peak_rss_mb", peakMb < 0 ? null : peakMb);
                    r.put("repeats", repeats);
                    r.put("threads", threads);
                    r.put("chunk", chunk);
                    r.put("init", ZooModels.INITIALISATION);
                    records.add(r);
                }
            }
        }
        if (jsonl != null) {
            writeJsonLines(jsonl, records);
        }
        return 0;
    }

    /** A method spec's row name: the method's canonical name, without its parameters. */
    private static String rowName(String spec) {
        return MethodSpec.parse(spec).name();
    }

    private static void requireFinite(String model, INDArray logits) {
        if (logits.isNaN().any() || logits.isInfinite().any()) {
            throw new UsageException("zoo model '" + model + "' gives non-finite logits on the benchmark input");
        }
    }

    private static void writeJsonLines(Path file, List<Map<String, Object>> records) {
        ObjectMapper json = new ObjectMapper();
        StringBuilder text = new StringBuilder();
        try {
            for (Map<String, Object> r : records) {
                text.append(json.writeValueAsString(r)).append('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode the benchmark rows", e);
        }
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void predict(Model model, INDArray x) {
        if (model instanceof MultiLayerNetwork m) {
            m.output(x, false);
        } else {
            ((ComputationGraph) model).outputSingle(false, x);
        }
    }

    /** Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM); elsewhere a no-op. */
    private static void resetPeakMemory() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Not Linux, or not allowed: the peak then covers the process so far.
        }
    }

    /** The process's peak resident set size in MB (VmHWM), or -1 where /proc is not available. */
    private static long peakMemoryMb() {
        try {
            for (String l : Files.readAllLines(STATUS)) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
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
