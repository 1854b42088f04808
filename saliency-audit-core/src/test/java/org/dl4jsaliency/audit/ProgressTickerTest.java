package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long step reports the engine's progress against the planned passes, and stops when closed. */
class ProgressTickerTest {

    @Test
    void reportsPassesDoneAndStopsWhenClosed() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        SaliencyEngine engine = SaliencyEngine.of(net);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressTicker ticker = ProgressTicker.start(out, "work", engine, 1000, 20)) {
            long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                engine.logits(x);
            }
        }
        Thread.sleep(100);
        String text = bytes.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\\.\\.\\. work: (\\d+) of 1000 passes").matcher(text);
        long last = -1;
        int lines = 0;
        while (m.find()) {
            long done = Long.parseLong(m.group(1));
            assertTrue(done >= last && done % 2 == 0 && done <= 1000, text);
            last = done;
            lines++;
        }
        assertTrue(lines >= 2, text);
        assertTrue(last > 0, text);
        int after = bytes.size();
        Thread.sleep(100);
        assertEquals(after, bytes.size(), "the ticker printed after it was closed");
    }
}
