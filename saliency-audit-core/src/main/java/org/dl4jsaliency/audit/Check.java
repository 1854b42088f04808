package org.dl4jsaliency.audit;

import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Plot;
import org.dl4jsaliency.report.ProbeFigure;
import org.dl4jsaliency.report.Threshold;

import java.util.List;

/**
 * One input-bias check of docs/algorithms.md §5: per method a number, judged against the configured
 * thresholds in the check's own direction, plus the plots and figures that show it. Its name and
 * direction are its {@link Checks} entry.
 */
interface Check {
    /** Measures every method of {@code ctx} and judges each number against {@code threshold}. */
    Outcome run(AuditContext ctx, Threshold threshold);

    /** What a check produced. */
    record Outcome(List<CheckResult> results, List<Plot> plots, List<ProbeFigure> figures) {
    }
}
