package org.dl4jsaliency.models;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.ZipFile;

/**
 * Model files as users hand them over: a DL4J ModelSerializer zip (MultiLayerNetwork or
 * ComputationGraph) or a Keras 2.x HDF5 file (architecture and weights), told apart by content rather
 * than by name. Every problem is an {@link IllegalArgumentException} naming the file.
 */
public final class ModelFile {
    /** The HDF5 superblock signature, bytes 89 48 44 46 0d 0a 1a 0a ("\x89HDF\r\n\x1a\n"). */
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private ModelFile() {
    }

    /**
     * Reads a model file: a Keras HDF5 file starts with the HDF5 signature, anything else is taken for a
     * ModelSerializer zip. Updater state is not read (analysis needs none).
     *
     * @throws IllegalArgumentException when the file is missing, corrupt, or not a model DL4J can import
     */
    public static Model load(Path path) {
        File f = path.toFile();
        if (!f.isFile()) {
            throw new IllegalArgumentException("model file not found: " + f);
        }
        if (startsWithHdf5Signature(f)) {
            return loadKeras(f);
        }
        String name = f.getName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            // Named like a Keras file: the zip reader's complaint would point the user the wrong way.
            throw new IllegalArgumentException(notKeras(f, "no HDF5 signature at the start of the file"));
        }
        return loadZip(f);
    }

    /** The SHA-256 of a file in hex, recorded in reports so that a verdict names the exact model. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("model file " + file + " could not be read: " + e.getMessage(), e);
        }
    }

    private static Model loadZip(File f) {
        boolean graph;
        try (ZipFile zip = new ZipFile(f)) {
            String json = new String(zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
            graph = json.contains("\"vertices\"");
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("model file " + f + " is not a DL4J ModelSerializer zip (corrupt, or "
                    + "no configuration.json inside)");
        }
        try {
            return graph ? ModelSerializer.restoreComputationGraph(f, false)
                    : ModelSerializer.restoreMultiLayerNetwork(f, false);
        } catch (Exception e) {
            throw new IllegalArgumentException("model file " + f + " could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Imports a Keras 2.x HDF5 file (architecture and weights): a Sequential model becomes a
     * MultiLayerNetwork, a functional one a ComputationGraph. The training configuration is not
     * enforced, since only inference matters here and saved optimisers are often not importable.
     */
    private static Model loadKeras(File f) {
        String path = f.getPath();
        // The HDF5 library prints its whole error stack to stderr by itself; the exception's message is
        // reported instead. (The setting holds for the calling thread, the one importing.)
        org.bytedeco.hdf5.Exception.dontPrint();
        try {
            return isSequential(f) ? KerasModelImport.importKerasSequentialModelAndWeights(path, false)
                    : KerasModelImport.importKerasModelAndWeights(path, false);
        } catch (UnsupportedKerasConfigurationException e) {
            throw new IllegalArgumentException("model file " + f + " cannot be imported by DL4J: " + oneLine(e), e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            // IOException, InvalidKerasConfigurationException and the HDF5 library's own
            // RuntimeExceptions all mean a damaged file or one that is not a saved Keras model.
            throw new IllegalArgumentException(notKeras(f, oneLine(e)), e);
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
                throw new IllegalArgumentException(notKeras(f, "no model_config attribute (weights-only files "
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
            throw new IllegalArgumentException("model file " + f + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String notKeras(File f, String why) {
        return "model file " + f + " is not a readable Keras HDF5 file: " + why;
    }

    /** Errors are reported on one line; importer and HDF5 messages may span several. */
    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
