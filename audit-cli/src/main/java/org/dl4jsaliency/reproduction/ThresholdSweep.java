package org.dl4jsaliency.reproduction;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.measures.ThresholdSweeps;
import org.dl4jsaliency.metrics.RelevanceShare;
import org.dl4jsaliency.reproduction.MarkedItemsTask.Variant;
import org.dl4jsaliency.reproduction.ReproductionResult.DistinctMaps;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepExperiment;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepRow;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Experiment 5, the RectGrad threshold sweep on one model: RectGrad and NoBias-RectGrad with the
 * percentile threshold at each q of {@link #Q} and with a constant τ = 0 (Guided Backprop), explained
 * for the mark's class on images with the zero-point mark (class 1) and on images with the control
 * mark (class 2). Measured per setting: the share of |relevance| on the mark, and on how many images the
 * NoBias-RectGrad map is exactly the τ = 0 map; per image: how many different maps the q settings give.
 */
public final class ThresholdSweep {
    /** The percentiles swept; a constant τ = 0 is measured after them. */
    public static final double[] Q = {0, 10, 20, 50, 80, 90, 95, 98, 99};

    private ThresholdSweep() {
    }

    /**
     * Runs the sweep on {@code images} test garments per mark, marked with positions drawn from {@code seed}
     * (the zero-point mark) and {@code seed + 1} (the control).
     *
     * @param id    names the experiment in the report (table and plot ids)
     * @param title the heading in the report
     */
    public static SweepExperiment run(String id, String title, MarkedItemsTask task, MultiLayerNetwork network,
                                      FashionMnist.Items test, int images, long seed) {
        MarkedItemsTask.Examples dark = task.examples(test, 0, images, seed, 1);
        MarkedItemsTask.Examples bright = task.examples(test, 0, images, seed + 1, 2);
        Explainer explainer = Explainer.of(network);
        Setting tauZero = Setting.measure(explainer, Map.of("tau", "0"), dark, bright);
        List<Setting> settings = new ArrayList<>();
        List<SweepRow> rows = new ArrayList<>();
        for (double q : Q) {
            Setting s = Setting.measure(explainer, Map.of("q", Double.toString(q)), dark, bright);
            settings.add(s);
            rows.add(s.row("q=" + num(q), tauZero));
        }
        DistinctMaps distinct = new DistinctMaps(
                distinct(settings.stream().map(Setting::rectgradDark).toList()),
                distinct(settings.stream().map(Setting::nobiasDark).toList()),
                distinct(settings.stream().map(Setting::rectgradBright).toList()),
                distinct(settings.stream().map(Setting::nobiasBright).toList()));
        Variant v = task.variant();
        return new SweepExperiment(id, title, v.id(), v.id() + " model (" + v.network().description()
                + "), inputs in " + v.range(), images, RelevanceShare.areaShare(dark.regions()[0]), Q.clone(), rows,
                tauZero.row("tau=0", tauZero), distinct);
    }

    private static String num(double q) {
        return q == Math.rint(q) ? Long.toString((long) q) : Double.toString(q);
    }

    /** Per image, how many different maps the settings give: {@code maps.get(s)} holds the maps of setting s. */
    private static Spread distinct(List<INDArray> maps) {
        return Spread.of(ThresholdSweeps.distinctMaps(maps));
    }

    /**
     * The four maps of one threshold setting, [images, 1, H, W] each, and the spread over images of each
     * one's share on the mark.
     */
    private record Setting(INDArray rectgradDark, INDArray nobiasDark, INDArray rectgradBright,
                           INDArray nobiasBright, Spread rectgradDarkShare, Spread nobiasDarkShare,
                           Spread rectgradBrightShare, Spread nobiasBrightShare) {

        static Setting measure(Explainer explainer, Map<String, String> params, MarkedItemsTask.Examples dark,
                               MarkedItemsTask.Examples bright) {
            INDArray rd = map(explainer, MethodRegistry.RECTGRAD, params, dark);
            INDArray nd = map(explainer, MethodRegistry.NOBIAS_RECTGRAD, params, dark);
            INDArray rb = map(explainer, MethodRegistry.RECTGRAD, params, bright);
            INDArray nb = map(explainer, MethodRegistry.NOBIAS_RECTGRAD, params, bright);
            return new Setting(rd, nd, rb, nb, Spread.of(dark.shares(rd)),
                    Spread.of(dark.shares(nd)), Spread.of(bright.shares(rb)), Spread.of(bright.shares(nb)));
        }

        SweepRow row(String label, Setting tauZero) {
            return new SweepRow(label, rectgradDarkShare, nobiasDarkShare, rectgradBrightShare, nobiasBrightShare,
                    ThresholdSweeps.sameMaps(nobiasDark, tauZero.nobiasDark),
                    ThresholdSweeps.sameMaps(nobiasBright, tauZero.nobiasBright), (int) nobiasDark.size(0));
        }

        private static INDArray map(Explainer explainer, String method, Map<String, String> params,
                                    MarkedItemsTask.Examples ex) {
            return explainer.explain(ex.input(), Targets.all(ex.classes()[0]), MethodRegistry.create(method, params))
                    .map();
        }
    }
}
