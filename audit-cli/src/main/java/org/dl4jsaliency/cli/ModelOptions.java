package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

import java.io.File;
import java.io.IOException;
import java.util.zip.ZipFile;

/** The options that choose a model: a ModelSerializer zip, or a zoo model with random weights. */
final class ModelOptions {
    private ModelOptions() {
    }

    static Options add(Options o) {
        o.addOption(Option.builder().longOpt("model").hasArg().argName("file.zip")
                .desc("a DL4J ModelSerializer zip (MultiLayerNetwork or ComputationGraph)").build());
        o.addOption(Option.builder().longOpt("zoo").hasArg().argName("name")
                .desc("a zoo model with random weights: " + String.join(", ", ZooModels.NAMES)).build());
        o.addOption(Option.builder().longOpt("input-shape").hasArg().argName("c,h,w")
                .desc("zoo model input shape (default 3,224,224)").build());
        o.addOption(Option.builder().longOpt("classes").hasArg().argName("n")
                .desc("zoo model class count (default 10)").build());
        o.addOption(Option.builder().longOpt("seed").hasArg().argName("n").desc("zoo model seed (default 42)").build());
        return o;
    }

    static Model load(CommandLine line) {
        if (line.hasOption("model") == line.hasOption("zoo")) {
            throw new UsageException("give exactly one of --model FILE or --zoo NAME");
        }
        if (line.hasOption("zoo")) {
            int[] shape = Args.shape("input-shape", line.getOptionValue("input-shape", "3,224,224"));
            int classes = Args.positiveInt("classes", line.getOptionValue("classes", "10"));
            long seed = Args.positiveInt("seed", line.getOptionValue("seed", "42"));
            return ZooModels.create(line.getOptionValue("zoo"), classes, shape, seed);
        }
        return loadFile(new File(line.getOptionValue("model")));
    }

    static Model loadFile(File f) {
        if (!f.isFile()) {
            throw new UsageException("model file not found: " + f);
        }
        boolean graph;
        try (ZipFile zip = new ZipFile(f)) {
            String json = new String(zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            graph = json.contains("\"vertices\"");
        } catch (IOException | NullPointerException e) {
            throw new UsageException("model file " + f + " is not a DL4J ModelSerializer zip (corrupt, or no "
                    + "configuration.json inside)");
        }
        try {
            return graph ? ModelSerializer.restoreComputationGraph(f, false)
                    : ModelSerializer.restoreMultiLayerNetwork(f, false);
        } catch (Exception e) {
            throw new UsageException("model file " + f + " could not be read: " + e.getMessage(), e);
        }
    }
}
