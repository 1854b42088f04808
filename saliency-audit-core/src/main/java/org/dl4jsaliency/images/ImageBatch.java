package org.dl4jsaliency.images;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Images read for a model: display intensities in [0, 1] and where each example came from.
 *
 * @param display [N, C, H, W] double intensities in [0, 1]
 * @param names   the file name of each example, in batch order
 */
public record ImageBatch(INDArray display, List<String> names) {
    public ImageBatch {
        names = List.copyOf(names);
    }
}
