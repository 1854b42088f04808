package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.models.ModelFile;
import org.dl4jsaliency.models.ZooModels;

import java.io.File;

/**
 * The options that choose a model: a ModelSerializer zip, a Keras 2.x HDF5 file, or a zoo model with
 * random weights.
 */
final class ModelOptions {
    private ModelOptions() {
    }

    static Options add(Options o) {
        o.addOption(Option.builder().longOpt("model").hasArg().argName("file")
                .desc("a DL4J ModelSerializer zip (MultiLayerNetwork or ComputationGraph) or a Keras 2.x "
                        + "HDF5 file (.h5, architecture and weights)").build());
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
            return zoo(line.getOptionValue("zoo"), classes, shape, seed);
        }
        return loadFile(new File(line.getOptionValue("model")));
    }

    /** Reads a model file (see {@link ModelFile#load}); a file that cannot be read is a usage error. */
    static Model loadFile(File f) {
        try {
            return ModelFile.load(f.toPath());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Builds a zoo model (see {@link ZooModels#create}); an unknown name or unfit shape is a usage error. */
    static Model zoo(String name, int classes, int[] shape, long seed) {
        try {
            return ZooModels.create(name, classes, shape, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
