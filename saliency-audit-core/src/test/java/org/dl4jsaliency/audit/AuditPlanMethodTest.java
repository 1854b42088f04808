package org.dl4jsaliency.audit;

import org.dl4jsaliency.MethodSpec;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.LayerwiseRelevance;
import org.dl4jsaliency.probes.InputSpace;
import org.dl4jsaliency.rules.ZBoxRule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The audit builds zB's pixel bounds from the declared preprocessing, and only for zB. */
class AuditPlanMethodTest {

    private static ZBoxRule zb(AttributionMethod m) {
        return assertInstanceOf(ZBoxRule.class, assertInstanceOf(LayerwiseRelevance.class, m).composite()
                .imageInputRule());
    }

    @Test
    void zbBoundsEncloseEveryChannelsBlackAndWhite() {
        // black (0 − 0.5)/0.25 = −2 and (0 − 0.4)/0.2 = −2; white (1 − 0.5)/0.25 = 2 and (1 − 0.4)/0.2 = 3
        InputSpace meanStd = InputSpace.meanStd(new double[] {0.5, 0.4}, new double[] {0.25, 0.2}, 1);
        ZBoxRule box = zb(AuditPlan.method(MethodSpec.parse("lrp-epsilon-gamma-box"), meanStd));
        assertEquals(-2, box.low(), 1e-12);
        assertEquals(3, box.high(), 1e-12);

        ZBoxRule first = zb(AuditPlan.method(MethodSpec.parse("lrp-epsilon:first=zb"), InputSpace.range(-1, 1)));
        assertEquals(-1, first.low(), 0);
        assertEquals(1, first.high(), 0);
    }

    @Test
    void boundsWrittenInTheSpecWin() {
        ZBoxRule box = zb(AuditPlan.method(MethodSpec.parse("lrp-epsilon-gamma-box:low=0,high=5"),
                InputSpace.range(-1, 1)));
        assertEquals(0, box.low(), 0);
        assertEquals(5, box.high(), 0);
    }

    @Test
    void methodsWithoutZbGetNoBounds() {
        // gradient accepts no low/high: had the bounds been added, building it would fail
        AttributionMethod g = AuditPlan.method(MethodSpec.parse("gradient"), InputSpace.range(-1, 1));
        assertFalse(g.multipliesInput());
        assertFalse(zbLike(AuditPlan.method(MethodSpec.parse("lrp-epsilon"), InputSpace.range(-1, 1))));
    }

    private static boolean zbLike(AttributionMethod m) {
        return ((LayerwiseRelevance) m).composite().imageInputRule() instanceof ZBoxRule;
    }
}
