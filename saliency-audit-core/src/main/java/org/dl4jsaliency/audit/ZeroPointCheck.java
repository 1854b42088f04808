package org.dl4jsaliency.audit;

import org.dl4jsaliency.measures.ZeroPointMass;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.FigureRow;
import org.dl4jsaliency.report.ProbeFigure;
import org.dl4jsaliency.report.Threshold;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Zero-point annihilation (docs/algorithms.md §5.3): on pixels whose input is exactly the zero point in every
 * channel and which the occlusion reference marks as used (at least a quarter of its largest
 * magnitude), the largest relevance magnitude Σ_c |A_c|, as a fraction of the image's largest. Exactly 0
 * for every x ⊙ g method. Measured on the sweep's zero-point probes and on the user's images; the number
 * is the mean over images that have such pixels. Higher is better; not applicable without such pixels.
 */
final class ZeroPointCheck implements Check {
    static final String NAME = "zero-point";

    @Override
    public Outcome run(AuditContext ctx, Threshold threshold) {
        List<Probe> probes = new ArrayList<>();
        ProbeSets.Sweep sweep = ctx.probes().sweep();
        int zero = sweep.zeroLevel();
        if (zero >= 0) {
            for (int p = 0; p < sweep.probes().size(); p++) {
                probes.add(new Probe(sweep.images(), sweep.index(p, zero)));
            }
        }
        ImageSet real = ctx.probes().real();
        if (real != null) {
            for (int i = 0; i < real.size(); i++) {
                probes.add(new Probe(real, i));
            }
        }
        List<boolean[][]> sets = new ArrayList<>();
        int pixels = 0;
        for (Probe p : probes) {
            boolean[][] s = zeroAndUsed(ctx, p);
            sets.add(s);
            pixels += ZeroPointMass.count(s);
        }
        List<CheckResult> results = new ArrayList<>();
        for (AuditContext.MethodEntry m : ctx.methods()) {
            Map<String, Double> components = new LinkedHashMap<>();
            List<Double> values = new ArrayList<>();
            for (int k = 0; k < probes.size(); k++) {
                Probe p = probes.get(k);
                if (ZeroPointMass.count(sets.get(k)) == 0) {
                    continue;
                }
                double v = ZeroPointMass.of(Maps.magnitudeSum(ctx.maps(p.set, m), p.index), sets.get(k));
                components.put(p.set.label(p.index), v);
                if (!Double.isNaN(v)) {
                    values.add(v);
                }
            }
            double value = values.isEmpty() ? Double.NaN
                    : values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            String detail = values.isEmpty()
                    ? "no image has zero-point pixels that the occlusion reference marks as used"
                    : String.format(Locale.ROOT, "largest |relevance| on %d zero-point pixels the reference marks "
                            + "as used, as a fraction of each image's largest, mean over %d image(s)", pixels,
                    values.size());
            results.add(CheckResult.judged(NAME, m.label(), value, threshold, detail, components));
        }
        return new Outcome(results, List.of(), figure(ctx));
    }

    private record Probe(ImageSet set, int index) {
    }

    /** Pixels at the zero point in every channel that the reference marks as used. */
    private static boolean[][] zeroAndUsed(AuditContext ctx, Probe p) {
        INDArray x = ctx.space().toModel(p.set.display().get(NDArrayIndex.interval(p.index, p.index + 1)),
                DataType.DOUBLE);
        return ZeroPointMass.usedZeroPixels(x, ctx.space(), ctx.reference(p.set).get(
                NDArrayIndex.interval(p.index, p.index + 1)), 0);
    }

    /** The user's images (if any) with their maps: the per-image view of real inputs. */
    private static List<ProbeFigure> figure(AuditContext ctx) {
        ImageSet real = ctx.probes().real();
        if (real == null) {
            return List.of();
        }
        List<String> columns = new ArrayList<>();
        ctx.methods().forEach(m -> columns.add(m.label()));
        columns.add(ProbeSweepCheck.REFERENCE);
        List<FigureRow> rows = new ArrayList<>();
        for (int i = 0; i < real.size(); i++) {
            int index = i;
            Map<String, double[][]> maps = ctx.methodMaps(m -> Maps.channelSum(ctx.maps(real, m), index));
            maps.put(ProbeSweepCheck.REFERENCE, Maps.channelSum(ctx.reference(real), i));
            rows.add(new FigureRow(real.label(i), real.image(i), maps));
        }
        return List.of(new ProbeFigure("user images", "The configured images, resized to the model's input, with "
                + "each method's map and the occlusion reference.", columns, rows));
    }
}
