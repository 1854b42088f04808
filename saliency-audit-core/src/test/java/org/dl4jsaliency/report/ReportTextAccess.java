package org.dl4jsaliency.report;

/** Test access to the reports' number formatting, so tests can look for a value as the HTML shows it. */
public final class ReportTextAccess {
    private ReportTextAccess() {
    }

    public static String number(double v) {
        return ReportText.number(v);
    }
}
