package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;
import java.util.Map;

/** The image size a model reads, from the command line or, where it can be told, the model file. */
final class InputShapes {
    /** ModelOptions builds zoo models for this shape when --input-shape is absent. */
    private static final String ZOO_DEFAULT_SHAPE = "3,224,224";

    private InputShapes() {
    }

    /**
     * The image shape [channels, height, width] the model reads: {@code --input-shape}; for a zoo model
     * the shape it was built for; for a model file the one its flat-image input type recorded.
     *
     * @throws UsageException when a model file does not record it and {@code --input-shape} is absent
     */
    static int[] imageShape(CommandLine line, Model model) {
        if (line.hasOption("input-shape") || line.hasOption("zoo")) {
            int[] shape = Args.shape("input-shape", line.getOptionValue("input-shape", ZOO_DEFAULT_SHAPE));
            if (shape.length != 3) {
                throw new UsageException("--input-shape must be c,h,w, got '" + line.getOptionValue("input-shape") + "'");
            }
            return shape;
        }
        // Only InputType.convolutionalFlat leaves the size in the saved configuration, as the first
        // layer's preprocessor; DL4J keeps no other record of the input type.
        if (inputPreprocessor(model) instanceof FeedForwardToCnnPreProcessor p) {
            return new int[] {(int) p.getNumChannels(), (int) p.getInputHeight(), (int) p.getInputWidth()};
        }
        throw new UsageException("model file " + line.getOptionValue("model") + " does not record its input image "
                + "size: give --input-shape c,h,w");
    }

    private static InputPreProcessor inputPreprocessor(Model model) {
        if (model instanceof MultiLayerNetwork m) {
            return m.getLayerWiseConfigurations().getInputPreProcess(0);
        }
        ComputationGraphConfiguration conf = ((ComputationGraph) model).getConfiguration();
        String input = conf.getNetworkInputs().get(0);
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            GraphVertex v = conf.getVertices().get(e.getKey());
            if (e.getValue().contains(input) && v instanceof LayerVertex lv && lv.getPreProcessor() != null) {
                return lv.getPreProcessor();
            }
        }
        return null;
    }
}
