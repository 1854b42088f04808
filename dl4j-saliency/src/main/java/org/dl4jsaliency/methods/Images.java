package org.dl4jsaliency.methods;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.dl4jsaliency.engine.AnalysisGraph;
import org.dl4jsaliency.engine.Node;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Spatial helpers for the methods that work over an image's height and width (blur baselines,
 * Grad-CAM's upsampling, occlusion windows), written once for both DL4J layouts. Everything works on
 * an [N, C, H, W] view of the batch; separable filters and resizes are small matrices applied to each
 * plane from both sides, which is exact and needs no native image library.
 */
final class Images {
    /** The parameter naming the input layout, {@code nchw} or {@code nhwc}. */
    static final String LAYOUT = "layout";

    private Images() {
    }

    /** The {@code layout} parameter, or null when absent (infer it from the model). */
    static CNN2DFormat layoutParam(MethodParams p) {
        String v = p.choice(LAYOUT, null, "nchw", "nhwc");
        return v == null ? null : v.equals("nhwc") ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
    }

    /**
     * The layout of rank-4 inputs: {@code given} if not null, else that of the first convolution or
     * pooling layer of the model (the layer that reads the image), else NCHW.
     */
    static CNN2DFormat inputLayout(SaliencyEngine engine, CNN2DFormat given) {
        return given != null ? given : engine.withGraph(AnalysisGraph::inputLayout);
    }

    /**
     * The layout of {@code node}'s output: that of the nearest convolution or pooling node at or
     * above it along first inputs, else {@code fallback}.
     */
    static CNN2DFormat layoutAt(AnalysisGraph g, Node node, CNN2DFormat fallback) {
        Node n = node;
        while (true) {
            if (n.declaresLayout()) {
                return n.cnnFormat();
            }
            int[] in = n.inputs();
            if (in.length == 0) {
                return fallback;
            }
            n = g.nodes().get(in[0]);
        }
    }

    /**
     * {@code x} as [N, C, H, W]: NCHW as it is, NHWC permuted, a rank-2 batch [N, F] as [N, 1, 1, F].
     * A view (writes go through) when {@code x} is a contiguous c-order array.
     */
    static INDArray nchwView(INDArray x, CNN2DFormat layout) {
        if (x.rank() == 2) {
            return x.reshape('c', x.size(0), 1, 1, x.size(1));
        }
        return layout == CNN2DFormat.NHWC ? x.permute(0, 3, 1, 2) : x;
    }

    /** Applies {@code rows} [H', H] and {@code cols} [W', W] to every plane P of [N, C, H, W]: rows·P·colsᵀ. */
    static INDArray transformPlanes(INDArray nchw, INDArray rows, INDArray cols) {
        long n = nchw.size(0);
        long c = nchw.size(1);
        long h = nchw.size(2);
        long w = nchw.size(3);
        long h2 = rows.size(0);
        long w2 = cols.size(0);
        INDArray t = nchw.dup('c').reshape('c', n * c * h, w).mmul(cols.transpose());
        t = t.reshape('c', n * c, h, w2).permute(0, 2, 1).dup('c').reshape('c', n * c * w2, h).mmul(rows.transpose());
        return t.reshape('c', n * c, w2, h2).permute(0, 2, 1).dup('c').reshape('c', n, c, h2, w2);
    }

    /**
     * The [out, in] matrix of bilinear resizing along one axis with align-corners = false (pixel
     * centres aligned, as PyTorch's {@code interpolate(..., align_corners=False)} and OpenCV's
     * {@code INTER_LINEAR}): output pixel o samples input position (o + ½)·in/out − ½, clamped to
     * [0, in − 1].
     */
    static INDArray bilinear(long in, long out, DataType type) {
        double[][] m = new double[(int) out][(int) in];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double src = Math.max(0, (o + 0.5) * scale - 0.5);
            int i0 = (int) Math.min(Math.floor(src), in - 1);
            int i1 = (int) Math.min(i0 + 1, in - 1);
            double frac = src - i0;
            m[o][i0] += 1 - frac;
            m[o][i1] += frac;
        }
        return Nd4j.createFromArray(m).castTo(type);
    }

    /**
     * The [size, size] matrix of a Gaussian blur along one axis, truncated at 3σ; near the border the
     * kernel is renormalised over the pixels that exist, so a constant image stays constant.
     */
    static INDArray gaussian(long size, double sigma, DataType type) {
        double[][] m = new double[(int) size][(int) size];
        int radius = (int) Math.min(size, Math.ceil(3 * sigma));
        for (int o = 0; o < size; o++) {
            double total = 0;
            for (int i = Math.max(0, o - radius); i <= Math.min(size - 1, o + radius); i++) {
                m[o][i] = Math.exp(-(o - i) * (o - i) / (2 * sigma * sigma));
                total += m[o][i];
            }
            for (int i = 0; i < size; i++) {
                m[o][i] /= total;
            }
        }
        return Nd4j.createFromArray(m).castTo(type);
    }

    /** Per-example planes [N, H, W] repeated over every channel of an input of {@code shape}. */
    static INDArray broadcastOverChannels(INDArray planes, long[] shape, CNN2DFormat layout) {
        INDArray out = Nd4j.create(planes.dataType(), shape);
        INDArray view = nchwView(out, layout);
        for (long c = 0; c < view.size(1); c++) {
            view.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all()).assign(planes);
        }
        return out;
    }

    /** Closes arrays this package allocated and no longer needs (ND4J frees native memory only then or on GC). */
    static void close(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
    }
}
