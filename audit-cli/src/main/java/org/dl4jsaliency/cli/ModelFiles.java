package org.dl4jsaliency.cli;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Trained networks as ModelSerializer zips, for the training commands to write atomically. */
final class ModelFiles {
    private ModelFiles() {
    }

    /** A network as ModelSerializer zip bytes, without updater state (analysis needs none). */
    static byte[] bytes(MultiLayerNetwork net) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, bytes, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the model: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }
}
