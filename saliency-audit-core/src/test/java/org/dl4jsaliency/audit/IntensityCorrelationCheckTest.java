package org.dl4jsaliency.audit;

import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Verdict;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Intensity correlation on a linear model whose maps are known by hand (docs/algorithms.md §5.5). */
class IntensityCorrelationCheckTest {

    @Test
    void theProductOfAUniformModelIsTheImageItselfSoItsRankCorrelationIsOne() {
        AuditContext ctx = LinearModel.context(LinearModel.uniform(0.3), 0, 1, "gradient-x-input");
        CheckResult r = LinearModel.result(LinearModel.run(IntensityCorrelationCheck.NAME, ctx), "gradient-x-input");
        assertEquals(1.0, r.value(), 1e-12, "|0.3 · x| ranks the pixels as x does");
        assertEquals(Verdict.FAIL, r.verdict());
    }

    @Test
    void withInputsScaledToMinusOneOneTheDistanceIsFromMidGray() {
        // |w ⊙ (2I − 1)| = 2w · |I − 0.5|: the same ranks as the distance from the zero point 0.5
        AuditContext ctx = LinearModel.context(LinearModel.uniform(-0.7), -1, 1, "gradient-x-input");
        CheckResult r = LinearModel.result(LinearModel.run(IntensityCorrelationCheck.NAME, ctx), "gradient-x-input");
        assertEquals(1.0, r.value(), 1e-12);
    }

    @Test
    void aConstantMapHasNoRankCorrelationAndIsNotApplicableRatherThanPassed() {
        AuditContext ctx = LinearModel.context(LinearModel.uniform(0.3), 0, 1, "gradient");
        CheckResult r = LinearModel.result(LinearModel.run(IntensityCorrelationCheck.NAME, ctx), "gradient");
        assertNull(r.value());
        assertEquals(Verdict.NOT_APPLICABLE, r.verdict());
    }
}
