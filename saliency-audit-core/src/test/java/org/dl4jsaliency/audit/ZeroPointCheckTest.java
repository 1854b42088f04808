package org.dl4jsaliency.audit;

import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Verdict;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zero-point check on a linear model whose maps are known by hand (docs/algorithms.md §5.3). */
class ZeroPointCheckTest {

    @Test
    void gradientTimesInputIsExactlyZeroOnUsedZeroPointPixelsAndAUniformGradientScoresOne() {
        AuditContext ctx = LinearModel.context(LinearModel.uniform(0.3), 0, 1, "gradient", "gradient-x-input");
        Check.Outcome o = LinearModel.run(ZeroPointCheck.NAME, ctx);
        CheckResult product = LinearModel.result(o, "gradient-x-input");
        assertEquals(0.0, product.value(), "w ⊙ x vanishes wherever x = 0");
        assertEquals(Verdict.FAIL, product.verdict());
        CheckResult gradient = LinearModel.result(o, "gradient");
        assertEquals(1.0, gradient.value(), 1e-12, "a uniform map holds its largest magnitude on every pixel");
        assertEquals(Verdict.PASS, gradient.verdict());
    }

    @Test
    void withInputsScaledToMinusOneOneTheZeroPointIsMidGrayAndTheProductStillVanishesThere() {
        AuditContext ctx = LinearModel.context(LinearModel.uniform(0.3), -1, 1, "gradient", "gradient-x-input");
        assertEquals(0.5, ctx.zeroPoint()[0], 1e-15);
        Check.Outcome o = LinearModel.run(ZeroPointCheck.NAME, ctx);
        assertEquals(0.0, LinearModel.result(o, "gradient-x-input").value());
        assertEquals(1.0, LinearModel.result(o, "gradient").value(), 1e-12);
    }

    @Test
    void aModelThatUsesNoPixelMeasuresNothingAndNeverPasses() {
        AuditContext ctx = LinearModel.context(LinearModel.uniform(0), 0, 1, "gradient", "gradient-x-input");
        for (CheckResult r : LinearModel.run(ZeroPointCheck.NAME, ctx).results()) {
            assertNull(r.value(), r.method());
            assertEquals(Verdict.NOT_APPLICABLE, r.verdict(), r.method());
            assertTrue(r.detail().contains("no image has zero-point pixels"), r.detail());
        }
    }
}
