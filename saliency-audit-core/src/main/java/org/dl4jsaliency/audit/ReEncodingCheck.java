package org.dl4jsaliency.audit;

import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.measures.ReEncodingErrors;
import org.dl4jsaliency.probes.ReEncoding;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.FigureRow;
import org.dl4jsaliency.report.ProbeFigure;
import org.dl4jsaliency.report.Threshold;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Colour re-encoding invariance (docs/algorithms.md §5.4). For each re-encoding x̃ = a·x + c (inversion,
 * shift, rescale) the network is rewritten so that f̃(x̃) = f(x) — the logits are compared and reported —
 * and each method's map on (x̃, f̃), times a, is compared with its map on (x, f):
 * E = ‖n(A) − n(a·Ã)‖ / ‖n(A)‖ with n the L2 normalisation, over the smooth random images. The number is
 * the largest mean E over the re-encodings: 0 for gradient-like methods, clearly above for x ⊙ g.
 * Lower is better. When the first layer zero-pads, the identity holds only away from the border:
 * {@code probes.border} pixels are then left out of the comparison (the detail says so). When the
 * rewritten network's logits differ from the original's by more than rounding (relative 1e-4 in
 * float, 1e-9 in double; zero padding does this on small inputs) the two maps explain different
 * functions, and the check is not applicable rather than a false FAIL.
 */
final class ReEncodingCheck implements Check {
    static final String NAME = "re-encoding";

    @Override
    public Outcome run(AuditContext ctx, Threshold threshold) {
        long t00 = System.nanoTime();
        ImageSet images = ctx.probes().smooth();
        ReEncoding.FirstLayer first;
        try {
            first = ReEncoding.firstLayer(ctx.model());
        } catch (IllegalArgumentException e) {
            List<CheckResult> na = new ArrayList<>();
            for (AuditContext.MethodEntry m : ctx.methods()) {
                na.add(CheckResult.judged(NAME, m.label(), Double.NaN, threshold, e.getMessage(), Map.of()));
            }
            return new Outcome(na, List.of(), List.of());
        }
        int border = ctx.config().probes.border;
        int[] targets = ctx.targets(images);
        INDArray logits = ctx.explainer().engine().logits(ctx.toModel(images.display()));

        Map<String, Map<String, Double>> components = new LinkedHashMap<>();
        Map<String, Double> worst = new LinkedHashMap<>();
        ctx.methods().forEach(m -> {
            components.put(m.label(), new LinkedHashMap<>());
            worst.put(m.label(), 0.0);
        });
        List<FigureRow> rows = new ArrayList<>();
        rows.add(new FigureRow("original", images.image(0), ctx.methodMaps(m -> Maps.channelSum(ctx.maps(images, m), 0))));
        StringBuilder logitNote = new StringBuilder();
        // The rewrite rounds in the model's type and the logits in the analysis type: the coarser one counts.
        boolean bothDouble = ctx.input().dataType() == DataType.DOUBLE
                && ctx.explainer().engine().dataType() == DataType.DOUBLE;
        double tolerance = bothDouble ? 1e-9 : 1e-4;
        double worstMismatch = 0;
        Map<String, Double> mismatches = new LinkedHashMap<>();
        for (ReEncoding t : ReEncoding.standard(ctx.config().probes.shift)) {
            Explainer ex = ctx.explainerOf(t.rewrite(ctx.model(), ctx.space()));
            double mismatch = ReEncoding.logitMismatch(logits, ex.engine().logits(encoded(ctx, t, images)));
            mismatches.put(t.name(), mismatch);
            ctx.methods().forEach(m -> components.get(m.label()).put("logit-mismatch." + t.name(), mismatch));
            logitNote.append(String.format(Locale.ROOT, "%s %.1e, ", t.name(), mismatch));
            worstMismatch = Math.max(worstMismatch, mismatch);
        }
        boolean identical = worstMismatch <= tolerance;
        if (!identical) {
            ctx.progress(NAME, "not applicable: the rewritten networks change the logits; no maps computed", t00);
        }
        for (ReEncoding t : identical ? ReEncoding.standard(ctx.config().probes.shift) : List.<ReEncoding>of()) {
            long t0 = System.nanoTime();
            Explainer ex = ctx.explainerOf(t.rewrite(ctx.model(), ctx.space()));
            INDArray encoded = encoded(ctx, t, images);
            Map<String, double[][]> figureMaps = new LinkedHashMap<>();
            for (AuditContext.MethodEntry m : ctx.methods()) {
                INDArray reEncoded = ctx.attributeModelInput(ex, m.method(), encoded, targets);
                double mean = Results.mean(ReEncodingErrors.of(ctx.maps(images, m), reEncoded, t.a(), border));
                components.get(m.label()).put(t.name(), mean);
                worst.merge(m.label(), mean, (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b));
                figureMaps.put(m.label(), Maps.channelSum(reEncoded.castTo(DataType.DOUBLE).mul(t.a()), 0));
            }
            double[][][] shown = Maps.image(t.encodeDisplay(images.display()), 0);
            rows.add(new FigureRow(t.name() + String.format(Locale.ROOT, " (a=%s, c=%s), map × a", num(t.a()),
                    num(t.c())), clip(shown), figureMaps));
            // ND4J frees a network's memory only when its Java objects are collected; at VGG16 size each
            // rewritten network and its engine hold over 1 GB that is garbage once the step is done.
            Nd4j.getMemoryManager().invokeGc();
            ctx.progress(NAME, t.name() + ": rewritten network and " + ctx.methods().size() + " method(s)", t0);
        }
        String where = first.padded()
                ? (border > 0 ? "first layer '" + first.name() + "' zero-pads: " + border + " border px masked"
                : "first layer '" + first.name() + "' zero-pads and no border is masked: differences at the border "
                + "are the padding's, not the method's")
                : "first layer '" + first.name() + "' does not pad: exact everywhere";
        String logitText = "logit mismatch (relative) " + logitNote.substring(0, logitNote.length() - 2);
        List<CheckResult> results = new ArrayList<>();
        for (AuditContext.MethodEntry m : ctx.methods()) {
            results.add(CheckResult.judged(NAME, m.label(), identical ? worst.get(m.label()) : Double.NaN, threshold,
                    identical ? "largest mean E over inversion, shift, rescale; " + where + "; " + logitText
                            : "not applicable: the rewritten networks do not reproduce the logits (" + logitText
                            + "; tolerance " + tolerance + "); " + where, components.get(m.label())));
        }
        List<String> columns = ctx.methods().stream().map(AuditContext.MethodEntry::label).toList();
        ProbeFigure figure = new ProbeFigure(NAME, "A smooth random image and its re-encodings, each explained on the "
                + "rewritten network (identical logits); maps are multiplied by a so that an invariant method "
                + "repeats the original row.", columns, rows);
        return new Outcome(results, List.of(), identical ? List.of(figure) : List.of());
    }

    /** The smooth images re-encoded by {@code t}, as model inputs. */
    private static INDArray encoded(AuditContext ctx, ReEncoding t, ImageSet images) {
        return ctx.input().fromNchw(t.encodeModel(images.display(), ctx.space(), ctx.input().dataType()));
    }

    private static double[][][] clip(double[][][] image) {
        for (double[][] ch : image) {
            for (double[] row : ch) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = Math.max(0, Math.min(1, row[i]));
                }
            }
        }
        return image;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
