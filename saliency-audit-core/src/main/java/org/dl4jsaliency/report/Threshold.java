package org.dl4jsaliency.report;

/**
 * The configured thresholds of one check: with {@code higherIsBetter}, a value below {@code fail} FAILs
 * and one below {@code warn} WARNs; otherwise a value above {@code fail} FAILs and above {@code warn} WARNs.
 */
public record Threshold(boolean higherIsBetter, double warn, double fail) {
    public Threshold {
        if (!Double.isFinite(warn) || !Double.isFinite(fail)) {
            throw new IllegalArgumentException("thresholds must be finite numbers, got warn " + warn + ", fail " + fail);
        }
        if (higherIsBetter ? warn < fail : warn > fail) {
            throw new IllegalArgumentException("warn threshold " + warn + " must lie on the passing side of fail "
                    + fail + " (" + (higherIsBetter ? "higher" : "lower") + " is better)");
        }
    }

    /** The verdict for {@code value}; NaN (nothing measured) is NOT_APPLICABLE. */
    public Verdict judge(double value) {
        if (Double.isNaN(value)) {
            return Verdict.NOT_APPLICABLE;
        }
        if (higherIsBetter) {
            return value < fail ? Verdict.FAIL : value < warn ? Verdict.WARN : Verdict.PASS;
        }
        return value > fail ? Verdict.FAIL : value > warn ? Verdict.WARN : Verdict.PASS;
    }
}
