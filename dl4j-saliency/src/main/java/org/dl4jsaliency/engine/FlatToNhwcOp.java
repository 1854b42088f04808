package org.dl4jsaliency.engine;

import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A FeedForwardToCnn preprocessor in a model the engine computes in NHWC ({@link InternalLayout}): flat
 * rows are read in NCHW order, as DL4J does, and laid out channels-last; an image batch, already
 * channels-last, passes.
 */
final class FlatToNhwcOp implements NodeOp {
    private final long channels;
    private final long height;
    private final long width;

    FlatToNhwcOp(FeedForwardToCnnPreProcessor p) {
        this.channels = p.getNumChannels();
        this.height = p.getInputHeight();
        this.width = p.getInputWidth();
    }

    @Override
    public INDArray forward(INDArray[] inputs) {
        INDArray x = inputs[0];
        if (x.rank() == 4) {
            return x;
        }
        return x.dup('c').reshape('c', x.size(0), channels, height, width).permute(0, 2, 3, 1).dup('c');
    }

    @Override
    public INDArray[] backward(INDArray[] inputs, INDArray output, INDArray signal) {
        if (inputs[0].rank() == 4) {
            return new INDArray[] {signal};
        }
        return new INDArray[] {signal.permute(0, 3, 1, 2).dup('c').reshape('c', signal.size(0), -1)};
    }
}
