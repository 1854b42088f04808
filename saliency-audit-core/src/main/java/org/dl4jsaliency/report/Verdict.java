package org.dl4jsaliency.report;

/** The outcome of one check for one method. */
public enum Verdict {
    PASS, WARN, FAIL,
    /** The check has nothing to measure here (e.g. no pixel lies at the zero point); never fails the gate. */
    NOT_APPLICABLE
}
