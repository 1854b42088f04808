package org.dl4jsaliency.methods;

import org.dl4jsaliency.engine.Targets;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batching Integrated Gradients, SmoothGrad and Occlusion share (Captum's one batching helper):
 * each of the n examples expands into k variants (points on the path, noisy copies, occluded copies),
 * explained for the example's target; the n·k rows run through the engine in chunks of at most
 * {@code chunk} rows, example by example and variant by variant, so memory is bounded by the chunk,
 * not by n·k. Rows are written and read in that order, so a method drawing random numbers while
 * writing rows draws them in a fixed order whatever the chunk.
 */
final class ExpandedBatch {

    /** Writes variant {@code variant} of example {@code example} into row {@code row} of {@code batch}. */
    @FunctionalInterface
    interface RowWriter {
        void write(INDArray batch, int row, long example, int variant);
    }

    /** One engine pass over a chunk of rows, returning one result per row (a map, gradient or score). */
    @FunctionalInterface
    interface Pass {
        INDArray run(INDArray batch, Targets rowTargets);
    }

    /** Takes the result of row {@code row} of {@code results}, which holds variant {@code variant} of {@code example}. */
    @FunctionalInterface
    interface RowReader {
        void read(INDArray results, int row, long example, int variant);
    }

    private ExpandedBatch() {
    }

    /**
     * Runs the n·{@code variants} rows of {@code input} ([n, ...]) in chunks; batches and results are
     * released after each chunk is read.
     *
     * @param targets the target class of each of the n examples
     * @param chunk   the most rows per pass
     */
    static void run(INDArray input, int[] targets, int variants, int chunk, RowWriter writer, Pass pass,
                    RowReader reader) {
        long rows = input.size(0) * variants;
        for (long from = 0; from < rows; from += chunk) {
            int size = (int) Math.min(chunk, rows - from);
            long[] shape = input.shape().clone();
            shape[0] = size;
            INDArray batch = Nd4j.create(input.dataType(), shape);
            int[] rowTargets = new int[size];
            for (int j = 0; j < size; j++) {
                long example = (from + j) / variants;
                writer.write(batch, j, example, (int) ((from + j) % variants));
                rowTargets[j] = targets[(int) example];
            }
            INDArray results = pass.run(batch, Targets.perExample(rowTargets));
            for (int j = 0; j < size; j++) {
                reader.read(results, j, (from + j) / variants, (int) ((from + j) % variants));
            }
            Images.close(batch, results);
        }
    }
}
