package org.dl4jsaliency.report;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * Everything an audit found: the run, every (check, method) result, the plots, and the heatmap
 * figures (in HTML only; JSON carries the numbers). {@code overall} is FAIL when any result FAILs;
 * {@code warnOnly} records that the run was asked not to fail on it.
 */
public record AuditReport(RunInfo run, List<String> methods, List<String> checks, List<CheckResult> results,
                          List<Plot> plots, @JsonIgnore List<ProbeFigure> figures, Verdict overall,
                          boolean warnOnly) {

    /** The overall verdict of {@code results}: FAIL if any fails, else WARN if any warns, else PASS. */
    public static Verdict overall(List<CheckResult> results) {
        Verdict v = Verdict.PASS;
        for (CheckResult r : results) {
            if (r.verdict() == Verdict.FAIL) {
                return Verdict.FAIL;
            }
            if (r.verdict() == Verdict.WARN) {
                v = Verdict.WARN;
            }
        }
        return v;
    }
}
