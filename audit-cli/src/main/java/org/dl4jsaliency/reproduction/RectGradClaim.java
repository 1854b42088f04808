package org.dl4jsaliency.reproduction;

import org.dl4jsaliency.reproduction.ReproductionResult.SweepExperiment;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed paper's claim about the threshold sweep, checked on a {@link SweepExperiment}: RectGrad gives
 * the mark at the input's zero point nothing at every percentile q, while NoBias-RectGrad finds it.
 * "Nothing" is exact: no image has a non-zero share (an image whose map is all zero gives the mark
 * nothing too). "Finds" means every image has a map and the mean share is at least {@link #FINDS} times
 * the mark's area share, the share an evenly spread map would give it.
 */
public final class RectGradClaim {
    /** "Well above the area share": the multiple NoBias-RectGrad's mean share must reach at every q. */
    public static final double FINDS = 2;

    /**
     * The outcome.
     *
     * @param holds whether both halves of the claim hold at every q
     * @param text  the claim, the outcome and the numbers behind it, as one sentence for the findings
     */
    public record Verdict(boolean holds, String text) {
    }

    private RectGradClaim() {
    }

    /** Checks the claim on the percentile rows of {@code e} (the τ = 0 row is not a percentile and is left out). */
    public static Verdict check(SweepExperiment e) {
        List<String> rectgradNonZero = new ArrayList<>();
        List<String> nobiasMisses = new ArrayList<>();
        double nobiasLow = Double.POSITIVE_INFINITY;
        double nobiasHigh = Double.NEGATIVE_INFINITY;
        for (SweepRow r : e.rows()) {
            Spread rect = r.rectgradDark();
            if (rect.n() > 0 && rect.max() != 0) {
                rectgradNonZero.add(String.format(Locale.ROOT, "%s (max %s)", r.setting(), fixed(rect.max())));
            }
            Spread nobias = r.nobiasDark();
            if (nobias.n() > 0) {
                nobiasLow = Math.min(nobiasLow, nobias.mean());
                nobiasHigh = Math.max(nobiasHigh, nobias.mean());
            }
            if (nobias.n() < nobias.total()) {
                nobiasMisses.add(String.format(Locale.ROOT, "%s (no map on %d of %d images)", r.setting(),
                        nobias.total() - nobias.n(), nobias.total()));
            } else if (!(nobias.mean() >= FINDS * e.areaShare())) {
                nobiasMisses.add(String.format(Locale.ROOT, "%s (%s, %.1f× area)", r.setting(), fixed(nobias.mean()),
                        nobias.mean() / e.areaShare()));
            }
        }
        boolean holds = !e.rows().isEmpty() && rectgradNonZero.isEmpty() && nobiasMisses.isEmpty();
        String claim = String.format(Locale.ROOT, "%s — the paper's claim (RectGrad gives the zero-point mark 0 at "
                + "every q; NoBias-RectGrad finds it, mean share at least %.0f× the area share %s) %s on the %s "
                + "model at q = %s", e.title(), FINDS, fixed(e.areaShare()), holds ? "holds" : "does not hold",
                e.variant(), qs(e));
        String rectgrad = rectgradNonZero.isEmpty()
                ? "RectGrad's share on the mark is 0 on every image at every q"
                : "RectGrad gives the mark a share at " + String.join(", ", rectgradNonZero);
        String nobias = Double.isFinite(nobiasLow)
                ? String.format(Locale.ROOT, "NoBias-RectGrad's mean share is %s–%s over q (%.1f–%.1f× area)",
                        fixed(nobiasLow), fixed(nobiasHigh), nobiasLow / e.areaShare(), nobiasHigh / e.areaShare())
                : "NoBias-RectGrad gives no map at any q";
        String misses = nobiasMisses.isEmpty() ? "" : ", short of finding it at " + String.join(", ", nobiasMisses);
        return new Verdict(holds, claim + ": " + rectgrad + "; " + nobias + misses + ".");
    }

    private static String qs(SweepExperiment e) {
        List<String> out = new ArrayList<>();
        for (double q : e.q()) {
            out.add(q == Math.rint(q) ? Long.toString((long) q) : Double.toString(q));
        }
        return String.join(", ", out);
    }

    private static String fixed(double v) {
        return ReproductionTables.fixed(v);
    }
}
