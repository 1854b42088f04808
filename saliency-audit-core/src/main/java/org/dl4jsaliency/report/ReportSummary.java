package org.dl4jsaliency.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plain-language opening of the HTML report: which methods can be trusted at this model's zero
 * point and which cannot, what a FAIL means, and what to do next. A method is judged on the checks
 * that measure input bias (probe sweep, zero point, re-encoding): untrustworthy if any of them FAILs,
 * borderline if one WARNs, trustworthy if it passes every one that applied, not measured otherwise.
 */
final class ReportSummary {
    /** The checks that measure input bias; the others are sanity checks of the maps. */
    static final Set<String> INPUT_BIAS_CHECKS = Set.of("probe-sweep", "zero-point", "re-encoding");

    /** Methods grouped by how they fared on the input-bias checks, in the report's method order. */
    record Groups(List<String> trusted, List<String> borderline, List<String> blind, List<String> unmeasured) {
    }

    private ReportSummary() {
    }

    static Groups groups(AuditReport report) {
        Map<String, Verdict> worst = new LinkedHashMap<>();
        Set<String> methods = new LinkedHashSet<>(report.methods());
        report.results().forEach(r -> methods.add(r.method()));
        for (String m : methods) {
            worst.put(m, Verdict.NOT_APPLICABLE);
        }
        for (CheckResult r : report.results()) {
            if (INPUT_BIAS_CHECKS.contains(r.check())) {
                worst.merge(r.method(), r.verdict(), ReportSummary::worse);
            }
        }
        Groups g = new Groups(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        worst.forEach((m, v) -> (switch (v) {
            case PASS -> g.trusted();
            case WARN -> g.borderline();
            case FAIL -> g.blind();
            case NOT_APPLICABLE -> g.unmeasured();
        }).add(m));
        return g;
    }

    /** FAIL over WARN over PASS over NOT_APPLICABLE. */
    private static Verdict worse(Verdict a, Verdict b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(Verdict v) {
        return switch (v) {
            case NOT_APPLICABLE -> 0;
            case PASS -> 1;
            case WARN -> 2;
            case FAIL -> 3;
        };
    }

    /** Appends the summary section. */
    static void append(StringBuilder h, AuditReport report) {
        Groups g = groups(report);
        String preprocessing = report.run().preprocessing();
        String zero = preprocessing == null ? "" : " (" + HtmlPage.esc(preprocessing) + ")";
        h.append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        if (report.overall() == Verdict.NOT_APPLICABLE) {
            h.append("<p>Nothing could be measured: every check was not applicable to every method, so this audit "
                    + "says nothing about the model. The table gives each check's reason.</p>\n</section>\n");
            return;
        }
        if (!g.trusted().isEmpty()) {
            h.append("<p class=\"trusted\"><b>Can be trusted at this model's zero point</b>").append(zero)
                    .append(": ").append(list(g.trusted())).append(". They give relevance to evidence the model "
                            + "uses even where the input is at its zero point (the value the model sees as 0).</p>\n");
        }
        if (!g.blind().isEmpty()) {
            h.append("<p class=\"blind\"><b>Cannot be trusted at the zero point</b> (FAIL): ")
                    .append(list(g.blind()))
                    .append(". A FAIL means the method's map depends on where the input's zero point lies: it misses "
                            + "evidence at the zero point even when the model relies on it (typically because it ends "
                            + "by multiplying with the input, which is 0 there), or it changes when the same input is "
                            + "encoded differently. It is a property of the method on this input encoding, not "
                            + "necessarily a fault of the model.</p>\n");
        }
        if (!g.borderline().isEmpty()) {
            h.append("<p><b>Borderline</b> (WARN): ").append(list(g.borderline()))
                    .append(": weaker at the zero point than elsewhere; read their maps there with care.</p>\n");
        }
        if (!g.unmeasured().isEmpty()) {
            h.append("<p><b>Not measured</b> by the input-bias checks: ").append(list(g.unmeasured())).append(".</p>\n");
        }
        List<String> sanity = new ArrayList<>();
        for (CheckResult r : report.results()) {
            if (!INPUT_BIAS_CHECKS.contains(r.check()) && r.verdict() == Verdict.FAIL) {
                sanity.add(HtmlPage.esc(r.method()) + " (" + HtmlPage.esc(r.check()) + ")");
            }
        }
        if (!sanity.isEmpty()) {
            h.append("<p><b>Sanity checks failed</b>: ").append(String.join(", ", sanity)).append(". These maps "
                    + "do not follow the model as they should (see the findings below).</p>\n");
        }
        h.append("<p><b>What to do next</b>: ");
        if (g.blind().isEmpty()) {
            h.append("no method failed an input-bias check on this model; audit again after retraining or a change "
                    + "of preprocessing.");
        } else {
            h.append("explain this model with a method that can be trusted here (for example NoBias-RectGrad "
                    + "instead of RectGrad, the gradient instead of Gradient × Input). If you keep one that failed, "
                    + "do not read missing relevance at zero-valued pixels as unimportant, or change the input "
                    + "encoding so that no evidence sits at 0.");
        }
        h.append(" The table below gives every number with its thresholds.</p>\n</section>\n");
    }

    private static String list(List<String> methods) {
        List<String> out = new ArrayList<>();
        methods.forEach(m -> out.add("<code>" + HtmlPage.esc(m) + "</code>"));
        return String.join(", ", out);
    }
}
