package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dl4jsaliency.engine.ExplainedOutput;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.engine.Targets;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Occlusion (Zeiler and Fergus 2014): a square window filled with a constant slides over the image's
 * height and width, all channels at once; a pixel's attribution is the mean drop T(x) − T(x_occluded)
 * over the windows that cover it. It uses the model only as a black box (forward passes), so it
 * shares no failure mode of the backward rules, and serves as the audit's reference for what the
 * model really uses.
 *
 * <p>Windows start at 0, stride, 2·stride, … and lie wholly inside the image; pixels no window covers
 * (the far border when the stride does not divide the size minus the window) get 0. A window larger
 * than the image along an axis covers that axis entirely. The map has one value per pixel, repeated
 * over the input's channels to keep it shaped like the input. Rank-2 inputs [N, F] are treated as a
 * single row of F pixels (windows over consecutive features). The input layout is {@code layout} if
 * given, else that of the model's first convolution or pooling layer. The targets are resolved on the
 * clean input; occluded copies are evaluated {@code chunk} at a time, forward passes only.
 *
 * <p>Registry parameters: {@code window} (default 8), {@code stride} (default 4), {@code value}
 * (default 0, in the model's input units), {@code chunk} (default: the engine's chunk size),
 * {@code layout} = {@code nchw} | {@code nhwc}.
 */
public final class Occlusion implements AttributionMethod {
    /** Default window side in pixels. */
    public static final int DEFAULT_WINDOW = 8;
    /** Default stride in pixels. */
    public static final int DEFAULT_STRIDE = 4;

    /** Occlusion's canonical name. */
    public static final String NAME = "occlusion";
    /** {@code occlusion}: parameters {@code window}, {@code stride}, {@code value}, {@code chunk}, {@code layout}. */
    public static final MethodFactory FACTORY = new MethodFactory(NAME,
            Set.of("window", "stride", "value", "chunk", Images.LAYOUT), Occlusion::fromParams);

    private final int window;
    private final int stride;
    private final double[] values;
    private final Integer chunk;
    private final CNN2DFormat layout;

    private Occlusion(Builder b) {
        this.window = b.window;
        this.stride = b.stride;
        this.values = b.values;
        this.chunk = b.chunk;
        this.layout = b.layout;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Occlusion fromParams(MethodParams p) {
        Builder b = builder().window(p.integer("window", DEFAULT_WINDOW, 1))
                .stride(p.integer("stride", DEFAULT_STRIDE, 1))
                .value(p.has("value") ? p.number("value") : 0)
                .layout(Images.layoutParam(p));
        if (p.has("chunk")) {
            b.chunk(p.integer("chunk", 0, 1));
        }
        return b.build();
    }

    /** The clean forward pass and one per window. */
    @Override
    public long passesPerExample(long height, long width) {
        return 1L + windows(height, width).size();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A window position: top-left corner and size. */
    private record Window(long top, long left, long height, long width) {
    }

    @Override
    public Attribution attribute(SaliencyEngine engine, INDArray x, Targets targets, ExplainedOutput output) {
        INDArray input = x.castTo(engine.dataType());
        CNN2DFormat inputLayout = Images.inputLayout(engine, layout);
        ForwardPass clean = ForwardPass.run(engine, input, targets, output);
        int[] t = clean.targets();
        INDArray image = Images.nchwView(input, inputLayout);
        long n = image.size(0);
        long height = image.size(2);
        long width = image.size(3);
        List<Window> windows = windows(height, width);

        INDArray drops = Nd4j.zeros(input.dataType(), n, height, width);
        ExpandedBatch.run(input, t, windows.size(), chunk != null ? chunk : engine.chunkSize(),
                (batch, j, example, window) -> {
                    INDArray copy = Images.nchwView(batch, inputLayout).get(NDArrayIndex.point(j));
                    copy.assign(image.get(NDArrayIndex.point(example)));
                    fill(copy, windows.get(window));
                },
                (batch, rowTargets) -> ForwardPass.run(engine, batch, rowTargets, output).scores(),
                (scores, j, example, window) -> region(drops.get(NDArrayIndex.point(example)), windows.get(window))
                        .addi(clean.scores().getDouble(example) - scores.getDouble(j)));
        drops.reshape(n, height * width).muliRowVector(inverseCoverage(windows, height, width, input));
        INDArray map = Images.broadcastOverChannels(drops, input.shape(), inputLayout);
        return new Attribution(name(), map, clean.scores(), t, clean.logits());
    }

    private List<Window> windows(long height, long width) {
        long wh = Math.min(window, height);
        long ww = Math.min(window, width);
        List<Window> out = new ArrayList<>();
        for (long top = 0; top + wh <= height; top += stride) {
            for (long left = 0; left + ww <= width; left += stride) {
                out.add(new Window(top, left, wh, ww));
            }
        }
        return out;
    }

    /** 1 / (number of windows covering each pixel), 0 where none does, as a row [1, H·W]. */
    private static INDArray inverseCoverage(List<Window> windows, long height, long width, INDArray like) {
        double[] count = new double[(int) (height * width)];
        for (Window w : windows) {
            for (long r = w.top(); r < w.top() + w.height(); r++) {
                for (long c = w.left(); c < w.left() + w.width(); c++) {
                    count[(int) (r * width + c)]++;
                }
            }
        }
        for (int i = 0; i < count.length; i++) {
            count[i] = count[i] > 0 ? 1 / count[i] : 0;
        }
        return Nd4j.createFromArray(count).castTo(like.dataType()).reshape(1, count.length);
    }

    /** Writes the fill value(s) into the window of one [C, H, W] example. */
    private void fill(INDArray example, Window w) {
        if (values.length == 1) {
            region(example, w).assign(values[0]);
            return;
        }
        if (values.length != example.size(0)) {
            throw new IllegalArgumentException("occlusion has " + values.length + " per-channel values but the input has "
                    + example.size(0) + " channels");
        }
        for (int c = 0; c < values.length; c++) {
            region(example.get(NDArrayIndex.point(c)), w).assign(values[c]);
        }
    }

    /** The window's pixels of an [H, W] or [C, H, W] array (a view). */
    private static INDArray region(INDArray a, Window w) {
        INDArrayIndex rows = NDArrayIndex.interval(w.top(), w.top() + w.height());
        INDArrayIndex cols = NDArrayIndex.interval(w.left(), w.left() + w.width());
        return a.rank() == 2 ? a.get(rows, cols) : a.get(NDArrayIndex.all(), rows, cols);
    }

    @Override
    public String toString() {
        return name() + "(window=" + window + ", stride=" + stride + ", value=" + (values.length == 1 ? Double.toString(values[0]) : java.util.Arrays.toString(values)) + ")";
    }

    /** Builder for {@link Occlusion}. */
    public static final class Builder {
        private int window = DEFAULT_WINDOW;
        private int stride = DEFAULT_STRIDE;
        private double[] values = {0};
        private Integer chunk;
        private CNN2DFormat layout;

        private Builder() {
        }

        /** Side of the square window in pixels (default 8). */
        public Builder window(int window) {
            this.window = Checks.atLeastOne("window", window);
            return this;
        }

        /** Step between window positions in pixels (default 4). */
        public Builder stride(int stride) {
            this.stride = Checks.atLeastOne("stride", stride);
            return this;
        }

        /** The value written into the window, in the model's input units (default 0). */
        public Builder value(double value) {
            return values(value);
        }

        /**
         * One fill value per input channel, in the model's input units (for per-channel preprocessing,
         * where one display intensity maps to a different value in each channel).
         */
        public Builder values(double... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("values needs at least one value");
            }
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("value must be finite, got " + v);
                }
            }
            this.values = values.clone();
            return this;
        }

        /** Occluded copies per forward pass (default: the engine's chunk size). */
        public Builder chunk(int chunk) {
            this.chunk = Checks.atLeastOne("chunk", chunk);
            return this;
        }

        /** Layout of rank-4 inputs (default null: that of the model's first convolution or pooling layer). */
        public Builder layout(CNN2DFormat layout) {
            this.layout = layout;
            return this;
        }

        public Occlusion build() {
            return new Occlusion(this);
        }
    }
}
