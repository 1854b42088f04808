package org.dl4jsaliency.audit;

import org.dl4jsaliency.measures.IntensityCorrelation;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.FigureRow;
import org.dl4jsaliency.report.ProbeFigure;
import org.dl4jsaliency.report.Threshold;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Intensity correlation (docs/algorithms.md §5.5): Spearman's ρ between a pixel's relevance magnitude
 * Σ_c |A_c| and its distance from the zero point |I − z0| (mean over channels), over the pixels of smooth
 * random images and of the user's images; the number is the mean ρ over images. A map that is mostly
 * the input's own brightness pattern scores near 1. Lower is better.
 */
final class IntensityCorrelationCheck implements Check {
    static final String NAME = "intensity-correlation";

    @Override
    public Outcome run(AuditContext ctx, Threshold threshold) {
        List<ImageSet> sets = new ArrayList<>();
        sets.add(ctx.probes().smooth());
        if (ctx.probes().real() != null) {
            sets.add(ctx.probes().real());
        }
        double[] z0 = ctx.zeroPoint();
        List<CheckResult> results = new ArrayList<>();
        for (AuditContext.MethodEntry m : ctx.methods()) {
            Map<String, Double> components = new LinkedHashMap<>();
            List<Double> rhos = new ArrayList<>();
            for (ImageSet set : sets) {
                for (int i = 0; i < set.size(); i++) {
                    double rho = IntensityCorrelation.of(ctx.maps(set, m), set.display(), i, z0);
                    components.put(set.label(i), rho);
                    rhos.add(rho);
                }
            }
            double[] values = rhos.stream().mapToDouble(Double::doubleValue).toArray();
            double mean = Results.mean(values);
            components.put("std", Results.std(values));
            results.add(CheckResult.judged(NAME, m.label(), mean, threshold,
                    "mean Spearman ρ of |relevance| and |I − z0| over " + values.length + " image(s)" + (Double.isNaN(mean) ? " (every map was constant)" : ""),
                    components));
        }
        ImageSet smooth = ctx.probes().smooth();
        List<FigureRow> rows = new ArrayList<>();
        for (int i = 0; i < smooth.size(); i++) {
            int index = i;
            rows.add(new FigureRow(smooth.label(i), smooth.image(i),
                    ctx.methodMaps(m -> Maps.channelSum(ctx.maps(smooth, m), index))));
        }
        ProbeFigure figure = new ProbeFigure(NAME, "Smooth random images spanning every intensity: a map that copies "
                + "the image's brightness is input bias, not explanation.",
                ctx.methods().stream().map(AuditContext.MethodEntry::label).toList(), rows);
        return new Outcome(results, List.of(), List.of(figure));
    }
}
