package org.dl4jsaliency.reproduction;

import org.dl4jsaliency.reproduction.ReproductionResult.DistinctMaps;
import org.dl4jsaliency.reproduction.ReproductionResult.EvidenceExperiment;
import org.dl4jsaliency.reproduction.ReproductionResult.MethodShare;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepExperiment;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepRow;
import org.dl4jsaliency.reproduction.ReproductionResult.TrainedModel;
import org.dl4jsaliency.training.InputBiasListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reproduction's numbers as text tables, built once and rendered both as markdown and as HTML so
 * the two reports cannot disagree.
 */
public final class ReproductionTables {

    /**
     * A table: a heading, an explanatory note, column names and rows of cell text.
     */
    public record Table(String id, String title, String note, List<String> header, List<List<String>> rows) {
    }

    private ReproductionTables() {
    }

    /** Every table of the report, in reading order. */
    public static List<Table> of(ReproductionResult r) {
        List<Table> tables = new ArrayList<>();
        tables.add(models(r.models()));
        for (EvidenceExperiment e : r.experiments()) {
            tables.add(evidence(e));
        }
        tables.add(reEncoding(r.reEncoding()));
        for (SweepExperiment e : r.sweep()) {
            tables.add(sweep(e));
        }
        for (TrainedModel m : r.models()) {
            tables.add(monitor(m));
        }
        return tables;
    }

    private static Table models(List<TrainedModel> models) {
        List<List<String>> rows = new ArrayList<>();
        for (TrainedModel m : models) {
            rows.add(List.of(m.variant(), m.range(), m.network(), m.file(), Integer.toString(m.examples()),
                    Integer.toString(m.epochs()), String.format(Locale.ROOT, "%.1f", m.seconds()),
                    String.format(Locale.ROOT, "%.4f (%d)", m.accuracy(), m.testExamples())));
        }
        return new Table("models", "Trained models", "Accuracy on examples built from Fashion-MNIST's test split "
                + "(all three classes).", List.of("variant", "inputs", "network", "file", "training examples", "epochs",
                "training s", "test accuracy (n)"), rows);
    }

    private static Table evidence(EvidenceExperiment e) {
        List<List<String>> rows = new ArrayList<>();
        for (MethodShare m : e.methods()) {
            rows.add(shareRow(m.method(), m.share(), e.areaShare()));
        }
        rows.add(shareRow("occlusion (reference)", e.occlusion().share(), e.areaShare()));
        rows.add(List.of("area share", fixed(e.areaShare()), "", "", "", "", "1.0"));
        return new Table(e.id(), e.title(), String.format(Locale.ROOT,
                "%s; evidence: %s; explained: the logit of class %d; %d images (model accuracy on them %.3f). "
                        + "Share of |relevance| inside the mark: mean, standard deviation, minimum and maximum over "
                        + "images, images with a non-zero map, and the mean as a multiple of the area share.",
                e.model(), e.evidence(), e.targetClass(), e.images(), e.accuracy()),
                List.of("method", "mean share", "sd", "min", "max", "n", "× area"), rows);
    }

    private static List<String> shareRow(String name, Spread s, double area) {
        return List.of(name, fixed(s.mean()), fixed(s.sd()), fixed(s.min()), fixed(s.max()), s.n() + "/" + s.total(),
                Double.isFinite(s.mean()) ? String.format(Locale.ROOT, "%.1f", s.mean() / area) : "—");
    }

    private static Table reEncoding(ReproductionResult.ReEncodingResult re) {
        List<String> header = new ArrayList<>();
        header.add("method");
        header.addAll(re.encodings());
        List<List<String>> rows = new ArrayList<>();
        re.errors().forEach((method, perEncoding) -> {
            List<String> row = new ArrayList<>();
            row.add(method);
            for (String enc : re.encodings()) {
                row.add(pm(perEncoding.get(enc)));
            }
            rows.add(row);
        });
        List<String> mismatch = new ArrayList<>();
        mismatch.add("logit mismatch (relative, max)");
        for (String enc : re.encodings()) {
            mismatch.add(String.format(Locale.ROOT, "%.1e", re.logitMismatch().get(enc)));
        }
        rows.add(mismatch);
        return new Table("re-encoding", "4. Colour re-encoding invariance",
                "E = ‖n(A) − n(a·Ã)‖ on the " + re.model() + ", " + re.images() + " images of all three classes, each "
                        + "explained for its own class on the network rewritten to see x̃ = a·x + c exactly as the "
                        + "original sees x (first layer has no padding, so the identity is exact everywhere). "
                        + "Mean ± sd over images; 0 = invariant, 2 = sign-flipped.", header, rows);
    }

    private static Table sweep(SweepExperiment e) {
        List<List<String>> rows = new ArrayList<>();
        for (SweepRow r : e.rows()) {
            rows.add(sweepRow(r));
        }
        rows.add(sweepRow(e.tauZero()));
        DistinctMaps d = e.distinct();
        rows.add(List.of("distinct maps over the " + e.q().length + " q", count(d.rectgradDark()),
                count(d.nobiasDark()), count(d.rectgradBright()), count(d.nobiasBright()), ""));
        return new Table(e.id(), e.title(), String.format(Locale.ROOT, "%s; %d images per mark. Share of |relevance| "
                        + "on the mark (mean ± sd over images; area share %s) for RectGrad with the percentile "
                        + "threshold q, and with a constant τ = 0 (Guided Backprop). The last column counts the images "
                        + "(black, white) whose NoBias-RectGrad map is exactly the τ = 0 map: there the percentile "
                        + "threshold acted exactly as τ = 0. The last row counts, per image, how many different maps "
                        + "the q settings give (mean, min–max over images): 1 means q changes nothing.",
                e.model(), e.images(), fixed(e.areaShare())),
                List.of("setting", "rectgrad, black mark", "nobias-rectgrad, black mark", "rectgrad, white mark",
                        "nobias-rectgrad, white mark", "maps equal to τ = 0"), rows);
    }

    private static List<String> sweepRow(SweepRow r) {
        return List.of(r.setting(), pm(r.rectgradDark()), pm(r.nobiasDark()), pm(r.rectgradBright()),
                pm(r.nobiasBright()), r.sameAsTauZeroDark() + "/" + r.images() + ", " + r.sameAsTauZeroBright() + "/"
                        + r.images());
    }

    /** A per-image count summarised: mean and range. */
    private static String count(Spread s) {
        return String.format(Locale.ROOT, "%.1f (%d–%d)", s.mean(), (long) s.min(), (long) s.max());
    }

    private static Table monitor(TrainedModel m) {
        List<List<String>> rows = new ArrayList<>();
        for (String method : Reproduction.MONITORED) {
            List<InputBiasListener.Record> mine = m.monitor().stream().filter(r -> r.method().equals(method)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            InputBiasListener.Record first = mine.get(0);
            InputBiasListener.Record last = mine.get(mine.size() - 1);
            double max = mine.stream().mapToDouble(InputBiasListener.Record::mean).filter(Double::isFinite).max()
                    .orElse(Double.NaN);
            rows.add(List.of(method, first.iteration() + ": " + fixed(first.mean()),
                    last.iteration() + ": " + fixed(last.mean()), fixed(max)));
        }
        return new Table("training-" + m.variant(), "Training the " + m.variant() + " model: evidence share over time",
                "The training listener's records (training-" + m.variant() + ".jsonl): mean share of |relevance| on "
                        + "the mark over its fixed probe images, at the first and last evaluation, and the largest "
                        + "value seen.", List.of("method", "first (iteration: share)", "last (iteration: share)",
                "max"), rows);
    }

    /** A number with three decimals, or a dash when there is none. */
    public static String fixed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "—";
    }

    private static String pm(Spread s) {
        return s == null || s.n() == 0 ? "—" : fixed(s.mean()) + " ± " + fixed(s.sd());
    }
}
