package org.dl4jsaliency.report;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * Everything an audit found: the run, every (check, method) result, the plots, and the heatmap
 * figures (in HTML only; JSON carries the numbers). {@code overall} is FAIL when any result FAILs and
 * NOT_APPLICABLE when nothing could be measured;
 * {@code warnOnly} records that the run was asked not to fail on it.
 */
public record AuditReport(RunInfo run, List<String> methods, List<String> checks, List<CheckResult> results,
                          List<Plot> plots, @JsonIgnore List<ProbeFigure> figures, Verdict overall,
                          boolean warnOnly) {
    /** What an audit whose overall verdict is NOT_APPLICABLE means, in the words every report uses. */
    public static final String NOTHING_MEASURED = "nothing was measured: every check was not applicable to every "
            + "method, so the audit cannot vouch for this model";

    /**
     * The overall verdict of {@code results}: FAIL if any fails, else WARN if any warns, else PASS if any
     * passes; NOT_APPLICABLE when nothing was measured (no results, or every one NOT_APPLICABLE), which
     * a gate must treat as a failure: an audit that measured nothing has not shown the model sound.
     */
    public static Verdict overall(List<CheckResult> results) {
        Verdict v = Verdict.NOT_APPLICABLE;
        for (CheckResult r : results) {
            switch (r.verdict()) {
                case FAIL -> {
                    return Verdict.FAIL;
                }
                case WARN -> v = Verdict.WARN;
                case PASS -> v = v == Verdict.WARN ? v : Verdict.PASS;
                default -> {
                }
            }
        }
        return v;
    }
}
