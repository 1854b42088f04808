package org.dl4jsaliency.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.util.ModelSerializer;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.ZipFile;

/**
 * The options that choose a model: a ModelSerializer zip, a Keras 2.x HDF5 file, or a zoo model with
 * random weights.
 */
final class ModelOptions {
    /** The HDF5 superblock signature, bytes 89 48 44 46 0d 0a 1a 0a ("\x89HDF\r\n\x1a\n"). */
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

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
            return ZooModels.create(line.getOptionValue("zoo"), classes, shape, seed);
        }
        return loadFile(new File(line.getOptionValue("model")));
    }

    /**
     * Reads a model file, telling the formats apart by content rather than by name: a Keras HDF5 file
     * starts with the HDF5 signature, anything else is taken for a ModelSerializer zip.
     */
    static Model loadFile(File f) {
        if (!f.isFile()) {
            throw new UsageException("model file not found: " + f);
        }
        if (startsWithHdf5Signature(f)) {
            return loadKeras(f);
        }
        String name = f.getName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            // Named like a Keras file: the zip reader's complaint would point the user the wrong way.
            throw new UsageException(notKeras(f, "no HDF5 signature at the start of the file"));
        }
        return loadZip(f);
    }

    private static Model loadZip(File f) {
        boolean graph;
        try (ZipFile zip = new ZipFile(f)) {
            String json = new String(zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
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

    /**
     * Imports a Keras 2.x HDF5 file (architecture and weights): a Sequential model becomes a
     * MultiLayerNetwork, a functional one a ComputationGraph. The training configuration is not
     * enforced, since only inference matters here and saved optimisers are often not importable.
     */
    private static Model loadKeras(File f) {
        String path = f.getPath();
        // The HDF5 library prints its whole error stack to stderr by itself; the CLI reports one line
        // from the exception instead. (The setting holds for the calling thread, the one importing.)
        org.bytedeco.hdf5.Exception.dontPrint();
        try {
            return isSequential(f) ? KerasModelImport.importKerasSequentialModelAndWeights(path, false)
                    : KerasModelImport.importKerasModelAndWeights(path, false);
        } catch (UnsupportedKerasConfigurationException e) {
            throw new UsageException("model file " + f + " cannot be imported by DL4J: " + oneLine(e), e);
        } catch (UsageException e) {
            throw e;
        } catch (Exception e) {
            // IOException, InvalidKerasConfigurationException and the HDF5 library's own
            // RuntimeExceptions all mean a damaged file or one that is not a saved Keras model.
            throw new UsageException(notKeras(f, oneLine(e)), e);
        }
    }

    /**
     * Whether the saved model_config is a Sequential model, read before importing because the two
     * importers accept disjoint kinds of model.
     */
    private static boolean isSequential(File f) throws Exception {
        String config;
        try (Hdf5Archive archive = new Hdf5Archive(f.getPath())) {
            if (!archive.hasAttribute("model_config")) {
                throw new UsageException(notKeras(f, "no model_config attribute (weights-only files "
                        + "carry no architecture)"));
            }
            config = archive.readAttributeAsJson("model_config");
        }
        return "Sequential".equals(new ObjectMapper().readTree(config).path("class_name").asText());
    }

    private static boolean startsWithHdf5Signature(File f) {
        // Keras writes no user block, so the superblock signature sits at offset 0.
        byte[] head = new byte[HDF5_SIGNATURE.length];
        try (InputStream in = new FileInputStream(f)) {
            return in.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, HDF5_SIGNATURE);
        } catch (IOException e) {
            throw new UsageException("model file " + f + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String notKeras(File f, String why) {
        return "model file " + f + " is not a readable Keras HDF5 file: " + why;
    }

    /** The CLI reports errors on one line; importer and HDF5 messages may span several. */
    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
