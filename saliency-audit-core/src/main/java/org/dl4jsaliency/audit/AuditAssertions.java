package org.dl4jsaliency.audit;

import org.dl4jsaliency.report.AuditReport;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Threshold;
import org.dl4jsaliency.report.Verdict;

import java.util.List;
import java.util.Locale;

/**
 * Release gates on an {@link AuditResult} for JUnit 5 tests (or any test framework: a failed gate throws
 * {@link AssertionError}, which they all report as a test failure).
 */
public final class AuditAssertions {
    private AuditAssertions() {
    }

    /**
     * Fails when any check FAILed, listing each failure with its number and thresholds, and when the audit
     * measured nothing (every result NOT_APPLICABLE): an audit that could not measure has not shown the
     * model sound.
     */
    public static void assertNoFailures(AuditResult result) {
        if (result == null) {
            throw new AssertionError("no audit result");
        }
        if (result.overall() == Verdict.NOT_APPLICABLE) {
            throw new AssertionError("input-bias audit '" + result.report().run().configName() + "': "
                    + AuditReport.NOTHING_MEASURED);
        }
        List<CheckResult> failures = result.failures();
        if (!failures.isEmpty()) {
            StringBuilder m = new StringBuilder("input-bias audit '").append(result.report().run().configName())
                    .append("' failed ").append(failures.size()).append(failures.size() == 1 ? " check:" : " checks:");
            for (CheckResult f : failures) {
                m.append(String.format(Locale.ROOT, "%n  %s × %s = %s (%s)", f.method(), f.check(),
                        number(f.value()), rule(f.threshold())));
            }
            throw new AssertionError(m.toString());
        }
    }

    private static String rule(Threshold t) {
        String side = t.higherIsBetter() ? "below" : "above";
        return String.format(Locale.ROOT, "fails %s %s, warns %s %s", side, number(t.fail()), side, number(t.warn()));
    }

    private static String number(Double v) {
        return v == null ? "not measured" : String.format(Locale.ROOT, "%.4g", v);
    }
}
