package org.dl4jsaliency.reproduction;

import org.dl4jsaliency.reproduction.ReproductionResult.DistinctMaps;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepExperiment;
import org.dl4jsaliency.reproduction.ReproductionResult.SweepRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim check on hand-made share tables (three images, area share 0.05, so "finds it" needs a mean
 * share of at least 0.1): it holds only when RectGrad gives the mark exactly nothing and NoBias-RectGrad
 * finds it at every q, and the sentence names the q where it fails, with the numbers.
 */
class RectGradClaimTest {
    private static final double AREA = 0.05;
    private static final double[] Q = {10, 50, 99};
    private static final double[] ZERO = {0, 0, 0};
    private static final double[] FOUND = {0.4, 0.5, 0.6};

    /** A sweep whose black-mark shares per q are {@code rectgrad[k]} and {@code nobias[k]} per image. */
    private static SweepExperiment sweep(double[][] rectgrad, double[][] nobias) {
        List<SweepRow> rows = new ArrayList<>();
        for (int k = 0; k < Q.length; k++) {
            rows.add(row("q=" + (int) Q[k], rectgrad[k], nobias[k]));
        }
        Spread one = Spread.of(new double[] {1, 1, 1});
        return new SweepExperiment("s", "5x. A sweep", "test", "test model", 3, AREA, Q, rows, row("tau=0", ZERO, FOUND),
                new DistinctMaps(one, one, one, one));
    }

    private static SweepRow row(String setting, double[] rectgrad, double[] nobias) {
        Spread white = Spread.of(FOUND);
        return new SweepRow(setting, Spread.of(rectgrad), Spread.of(nobias), white, white, 0, 0, 3);
    }

    @Test
    void holdsWhenRectGradGivesNothingAndNoBiasFindsTheMarkAtEveryQ() {
        RectGradClaim.Verdict v = RectGradClaim.check(sweep(new double[][] {ZERO, ZERO, ZERO},
                new double[][] {FOUND, {0.12, 0.12, 0.12}, {0.2, 0.3, 0.1}}));
        assertTrue(v.holds(), v.text());
        assertTrue(v.text().startsWith("5x. A sweep — the paper's claim"), v.text());
        assertTrue(v.text().contains(" holds on the test model at q = 10, 50, 99"), v.text());
        assertTrue(v.text().contains("0 on every image at every q"), v.text());
        assertTrue(v.text().contains("0.120–0.500 over q (2.4–10.0× area)"), v.text());
    }

    /** An all-zero RectGrad map (no share: NaN) gives the mark nothing as well. */
    @Test
    void anAllZeroRectGradMapGivesTheMarkNothing() {
        double[] noMap = {Double.NaN, 0, 0};
        assertTrue(RectGradClaim.check(sweep(new double[][] {ZERO, noMap, ZERO},
                new double[][] {FOUND, FOUND, FOUND})).holds());
    }

    @Test
    void doesNotHoldWhenRectGradGivesTheMarkAnythingAtOneQ() {
        RectGradClaim.Verdict v = RectGradClaim.check(sweep(new double[][] {ZERO, {0, 0.2, 0}, ZERO},
                new double[][] {FOUND, FOUND, FOUND}));
        assertFalse(v.holds(), v.text());
        assertTrue(v.text().contains("does not hold"), v.text());
        assertTrue(v.text().contains("RectGrad gives the mark a share at q=50 (max 0.200)"), v.text());
    }

    @Test
    void doesNotHoldWhenNoBiasRectGradMissesTheMarkAtOneQ() {
        RectGradClaim.Verdict v = RectGradClaim.check(sweep(new double[][] {ZERO, ZERO, ZERO},
                new double[][] {FOUND, FOUND, {0.08, 0.09, 0.07}}));
        assertFalse(v.holds(), v.text());
        assertTrue(v.text().contains("short of finding it at q=99 (0.080, 1.6× area)"), v.text());
    }

    /** A mean over the images that have a map would hide the ones that have none. */
    @Test
    void doesNotHoldWhenNoBiasRectGradGivesSomeImageNoMap() {
        RectGradClaim.Verdict v = RectGradClaim.check(sweep(new double[][] {ZERO, ZERO, ZERO},
                new double[][] {FOUND, {0.5, Double.NaN, 0.5}, FOUND}));
        assertFalse(v.holds(), v.text());
        assertTrue(v.text().contains("q=50 (no map on 1 of 3 images)"), v.text());
    }
}
