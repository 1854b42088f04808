package org.dl4jsaliency.audit;

import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dark/bright probe sweep on a linear model whose maps are known by hand (docs/algorithms.md §5.2). */
class ProbeSweepCheckTest {

    @Test
    void aUniformMapSharesExactlyTheSquaresAreaAtEveryLevelAndTheProductNothingAtTheZeroPoint() {
        AuditContext ctx = LinearModel.context(LinearModel.uniform(0.3), 0, 1, "gradient", "gradient-x-input");
        Check.Outcome o = LinearModel.run(ProbeSweepCheck.NAME, ctx);
        CheckResult gradient = LinearModel.result(o, "gradient");
        Map<String, Double> c = gradient.components();
        double area = c.get("area-share");
        assertEquals(4.0 / 64, area, 1e-15, "a 2×2 square on 8×8 pixels");
        int levels = 0;
        for (Map.Entry<String, Double> e : c.entrySet()) {
            if (e.getKey().startsWith("share@")) {
                assertEquals(area, e.getValue(), 1e-12, e.getKey());
                levels++;
            }
        }
        assertEquals(11, levels, "ten levels and the zero point, which is one of them");
        double reference = c.get("reference-share@zero-point");
        assertTrue(reference >= 1.5 * area, "the occlusion reference sees the dark square used: " + reference);
        assertEquals(area / reference, gradient.value(), 1e-12, "the number is the share over the reference's");

        CheckResult product = LinearModel.result(o, "gradient-x-input");
        assertEquals(0.0, product.components().get("share@0.00"), "w ⊙ x is 0 on a black square");
        assertEquals(0.0, product.value());
        assertEquals(Verdict.FAIL, product.verdict());
    }

    @Test
    void aZeroPointOutsideTheDisplayRangeMeasuresNothingAndNeverPasses() {
        // inputs 0…1 reach the model as 0.5…1.5: the model's 0 is display intensity −0.5
        AuditContext ctx = LinearModel.context(LinearModel.uniform(0.3), 0.5, 1.5, "gradient", "gradient-x-input");
        for (CheckResult r : LinearModel.run(ProbeSweepCheck.NAME, ctx).results()) {
            assertEquals(Verdict.NOT_APPLICABLE, r.verdict(), r.method());
            assertTrue(r.detail().contains("outside the display range"), r.detail());
        }
    }
}
