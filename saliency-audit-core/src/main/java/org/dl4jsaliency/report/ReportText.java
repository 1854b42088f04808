package org.dl4jsaliency.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number and threshold wording shared by the HTML and JUnit reports, so both say the same thing. */
final class ReportText {
    private ReportText() {
    }

    /** {@code v} to four significant digits; "n/a" for null (not applicable), "NaN"/"∞" spelled out. */
    static String number(Double v) {
        if (v == null) {
            return "n/a";
        }
        double d = v;
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+∞" : "−∞";
        }
        if (d == 0) {
            return "0";
        }
        double a = Math.abs(d);
        if (a >= 1e-3 && a < 1e6) {
            return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", d);
    }

    /** e.g. "higher is better: WARN below 0.5, FAIL below 0.2"; "no threshold" for null. */
    static String threshold(Threshold t) {
        if (t == null) {
            return "no threshold";
        }
        String side = t.higherIsBetter() ? "below" : "above";
        return (t.higherIsBetter() ? "higher" : "lower") + " is better: WARN " + side + " " + number(t.warn())
                + ", FAIL " + side + " " + number(t.fail());
    }

    /** The verdict as people read it ("N/A" rather than the enum's name). */
    static String verdict(Verdict v) {
        return v == Verdict.NOT_APPLICABLE ? "N/A" : v.name();
    }
}
