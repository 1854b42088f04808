package org.dl4jsaliency.audit;

import org.dl4jsaliency.measures.RegionShares;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.metrics.RelevanceShare;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.FigureRow;
import org.dl4jsaliency.report.Plot;
import org.dl4jsaliency.report.ProbeFigure;
import org.dl4jsaliency.report.Series;
import org.dl4jsaliency.report.Threshold;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dark/bright probe sweep (docs/algorithms.md §5.2): the share F_M of |relevance| on the probe square as
 * the square's intensity v goes from 0 to 1, beside the occlusion reference and the area share. The
 * number is F_M at the zero point divided by the reference's F_M there: about 1 for a method that
 * follows what the model uses, exactly 0 for one that multiplies by the input. Higher is better. Not
 * applicable when the zero point lies outside [0, 1] or when the reference does not show the square
 * mattering at the zero point (its share under 1.5 times the area share).
 */
final class ProbeSweepCheck implements Check {
    static final String NAME = "probe-sweep";
    static final String REFERENCE = "occlusion (reference)";
    private static final double MATTERS = 1.5;

    @Override
    public Outcome run(AuditContext ctx, Threshold threshold) {
        ProbeSets.Sweep sweep = ctx.probes().sweep();
        ImageSet images = sweep.images();
        int probes = sweep.probes().size();
        int levels = sweep.levels().size();
        double area = 0;
        for (boolean[][] m : sweep.masks()) {
            area += RelevanceShare.areaShare(m) / probes;
        }
        double[] x = new double[levels];
        for (int l = 0; l < levels; l++) {
            x[l] = sweep.levels().get(l).mean();
        }
        double[][] ref = shares(sweep, ctx.reference(images));
        int zero = sweep.zeroLevel();
        double refAtZero = zero < 0 ? Double.NaN : Results.mean(column(ref, zero));

        List<Series> series = new ArrayList<>();
        List<CheckResult> results = new ArrayList<>();
        for (AuditContext.MethodEntry m : ctx.methods()) {
            double[][] f = shares(sweep, ctx.maps(images, m));
            series.add(curve(m.label(), x, f));
            Map<String, Double> components = new LinkedHashMap<>();
            for (int l = 0; l < levels; l++) {
                components.put("share@" + ProbeSets.fmt(x[l]), Results.mean(column(f, l)));
            }
            components.put("reference-share@zero-point", refAtZero);
            components.put("area-share", area);
            double value;
            String detail;
            if (zero < 0) {
                value = Double.NaN;
                detail = "the zero point lies outside the display range [0, 1]: no probe pixel can sit on it";
            } else if (!(refAtZero >= MATTERS * area)) {
                value = Double.NaN;
                detail = String.format(Locale.ROOT, "the occlusion reference gives the square only %.3f of the "
                        + "relevance at the zero point (area share %.3f): the model does not use it there", refAtZero, area);
            } else {
                double atZero = Results.mean(column(f, zero));
                value = atZero / refAtZero;
                detail = String.format(Locale.ROOT, "share on the square at the zero point %.3f vs occlusion "
                        + "reference %.3f (area share %.3f)", atZero, refAtZero, area);
            }
            results.add(CheckResult.judged(NAME, m.label(), value, threshold, detail, components));
        }
        series.add(curve(REFERENCE, x, ref));
        double[] areaLine = new double[levels];
        java.util.Arrays.fill(areaLine, area);
        series.add(new Series("area share", x, areaLine, null));
        Plot plot = new Plot("relevance-share-vs-brightness", "Relevance share on the probe square vs its brightness",
                "square intensity v (display units; zero point " + (zero < 0 ? "outside [0,1]"
                        : ProbeSets.fmt(x[zero])) + ")", "share of |relevance| on the square", series);
        return new Outcome(results, List.of(plot), List.of(figure(ctx, sweep)));
    }

    /** F_M per [probe][level]. */
    private static double[][] shares(ProbeSets.Sweep sweep, INDArray maps) {
        int probes = sweep.probes().size();
        int levels = sweep.levels().size();
        List<boolean[][]> regions = new ArrayList<>();
        for (int p = 0; p < probes; p++) {
            for (int l = 0; l < levels; l++) {
                regions.add(sweep.masks().get(p));
            }
        }
        double[] all = RegionShares.of(maps, regions);
        double[][] f = new double[probes][levels];
        for (int p = 0; p < probes; p++) {
            for (int l = 0; l < levels; l++) {
                f[p][l] = all[sweep.index(p, l)];
            }
        }
        return f;
    }

    private static double[] column(double[][] f, int l) {
        double[] c = new double[f.length];
        for (int p = 0; p < f.length; p++) {
            c[p] = f[p][l];
        }
        return c;
    }

    private static Series curve(String name, double[] x, double[][] f) {
        int levels = x.length;
        double[] y = new double[levels];
        double[] spread = new double[levels];
        for (int l = 0; l < levels; l++) {
            y[l] = Results.mean(column(f, l));
            spread[l] = Results.std(column(f, l));
        }
        return new Series(name, x, y, spread);
    }

    /** The first probe at every level: image | each method | the reference. */
    private static ProbeFigure figure(AuditContext ctx, ProbeSets.Sweep sweep) {
        ImageSet images = sweep.images();
        List<String> columns = new ArrayList<>();
        ctx.methods().forEach(m -> columns.add(m.label()));
        columns.add(REFERENCE);
        List<FigureRow> rows = new ArrayList<>();
        for (int l = 0; l < sweep.levels().size(); l++) {
            int i = sweep.index(0, l);
            Map<String, double[][]> maps = ctx.methodMaps(m -> Maps.channelSum(ctx.maps(images, m), i));
            maps.put(REFERENCE, Maps.channelSum(ctx.reference(images), i));
            rows.add(new FigureRow("square at " + sweep.levels().get(l).label(), images.image(i), maps));
        }
        return new ProbeFigure(NAME, "The same square rendered at each intensity on a fixed background ("
                + ProbeSets.fmt(sweep.background()) + "); input-multiplied methods go blind as the square reaches "
                + "the zero point.", columns, rows);
    }
}
