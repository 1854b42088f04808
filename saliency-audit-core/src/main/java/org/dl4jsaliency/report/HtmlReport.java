package org.dl4jsaliency.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.dl4jsaliency.report.HtmlPage.esc;

/**
 * The report for people: one self-contained HTML5 file (inline CSS, SVG, PNG data URIs and a small
 * script; nothing fetched from a network, so it can be archived as a CI artifact and opened offline).
 * It shows the run, the check × method verdict table, the plots, and each probe's input × method
 * heatmap grid.
 *
 * <p>The inline script writes {@code data-images-loaded}, {@code data-images-broken},
 * {@code data-errors}, {@code data-overflow} (what scrolls sideways), {@code data-cut-text} (SVG text
 * outside its SVG) and {@code data-summary} on {@code <body>} after the page loads;
 * {@code scripts/check-html-report.sh}
 * reads them from a headless browser to prove the file renders.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /** The report as UTF-8 HTML. */
    public static byte[] render(AuditReport report) {
        StringBuilder h = new StringBuilder(1 << 16);
        RunInfo run = report.run();
        h.append(HtmlPage.head("Saliency audit: " + run.model() + " — " + ReportText.verdict(report.overall())));
        header(h, report);
        ReportSummary.append(h, report);
        verdictTable(h, report);
        if (report.plots() != null && !report.plots().isEmpty()) {
            h.append("<section id=\"plots\">\n<h2>Plots</h2>\n<div class=\"plots\">\n");
            for (Plot p : report.plots()) {
                SvgPlot.append(h, p, report.methods());
            }
            h.append("</div>\n</section>\n");
        }
        if (report.figures() != null) {
            for (ProbeFigure f : report.figures()) {
                HeatmapGrid.append(h, f);
            }
        }
        h.append(HtmlPage.FOOTER);
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- header

    private static void header(StringBuilder h, AuditReport report) {
        RunInfo run = report.run();
        Verdict overall = report.overall();
        h.append("<header>\n<div>\n<h1>Saliency input-bias audit</h1>\n<p class=\"model\">")
                .append(esc(run.model())).append("</p>\n</div>\n")
                .append("<div class=\"overall bg-").append(overall).append("\" id=\"overall\">")
                .append(ReportText.verdict(overall)).append("</div>\n</header>\n");
        if (overall == Verdict.NOT_APPLICABLE) {
            h.append("<p class=\"notice\" id=\"nothing-measured\">Not a pass: ")
                    .append(esc(AuditReport.NOTHING_MEASURED)).append(". The reason each check gives is in the table "
                    + "below; the command exits with status 2.</p>\n");
        }
        if (report.warnOnly()) {
            h.append("<p class=\"notice\">Warn-only run: failed checks are reported as failures below, "
                    + "but they do not make the command exit with an error.</p>\n");
        }
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        report.results().forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        h.append("<section id=\"run\">\n<dl class=\"run\">\n");
        item(h, "Configuration", esc(run.configName())
                + (run.configSource() == null ? "" : " <span class=\"muted\">(" + esc(run.configSource()) + ")</span>"));
        item(h, "Model", esc(run.model()));
        item(h, "Model SHA-256", "<code>" + esc(run.modelSha256()) + "</code>");
        item(h, "Preprocessing", esc(run.preprocessing()));
        item(h, "Input shape", run.inputShape() == null ? ""
                : esc(run.inputShape().stream().map(String::valueOf).collect(Collectors.joining(" × "))));
        item(h, "Precision", esc(run.precision()) + (Objects.equals(run.precision(), run.modelPrecision())
                ? " <span class=\"muted\">(the model's own)</span>"
                : " <span class=\"muted\">(on a converted copy; the model is " + esc(run.modelPrecision())
                + ")</span>"));
        item(h, "Seed", String.valueOf(run.seed()));
        item(h, "Started", esc(run.startedAt()));
        item(h, "Duration", esc(duration(run.durationSeconds())));
        item(h, "Methods", esc(String.join(", ", report.methods())));
        item(h, "Results", counts.entrySet().stream()
                .map(e -> "<span class=\"badge bg-" + e.getKey() + "\">" + e.getValue() + " "
                        + ReportText.verdict(e.getKey()) + "</span>")
                .collect(Collectors.joining(" ")));
        if (run.versions() != null && !run.versions().isEmpty()) {
            item(h, "Versions", run.versions().entrySet().stream()
                    .map(e -> esc(e.getKey()) + " " + esc(e.getValue())).collect(Collectors.joining(", ")));
        }
        h.append("</dl>\n");
        if (run.configuration() != null && !run.configuration().isEmpty()) {
            h.append("<details><summary>Effective configuration (after command-line overrides)</summary>\n")
                    .append("<table class=\"config\">\n");
            run.configuration().forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td><code>")
                    .append(esc(String.valueOf(v))).append("</code></td></tr>\n"));
            h.append("</table>\n</details>\n");
        }
        h.append("</section>\n");
    }

    private static void item(StringBuilder h, String term, String html) {
        h.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>\n");
    }

    private static String duration(double s) {
        if (!Double.isFinite(s)) {
            return "unknown";
        }
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", t / 3600, t % 3600 / 60)
                : String.format(Locale.ROOT, "%d min %02d s", t / 60, t % 60);
    }

    // ---------------------------------------------------------------- verdict table

    private static void verdictTable(StringBuilder h, AuditReport report) {
        // Rows and columns in the audit's order; a result naming anything else still gets a place.
        Set<String> checks = new LinkedHashSet<>(report.checks());
        Set<String> methods = new LinkedHashSet<>(report.methods());
        Map<String, CheckResult> byCell = new LinkedHashMap<>();
        for (CheckResult r : report.results()) {
            checks.add(r.check());
            methods.add(r.method());
            byCell.put(r.check() + "\u0000" + r.method(), r);
        }
        h.append("<section id=\"checks\">\n<h2>Checks</h2>\n")
                .append("<p class=\"hint\">One row per method, one column per check. Hover a cell for its "
                        + "explanation, thresholds and components.</p>\n")
                .append("<div class=\"scroll\"><table class=\"verdicts\">\n<thead><tr><th>method</th>");
        for (String c : checks) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>\n<tr class=\"thr\"><th>thresholds</th>");
        for (String c : checks) {
            h.append("<td class=\"thr\">").append(esc(sharedThreshold(report.results(), c))).append("</td>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        List<CheckResult> findings = new ArrayList<>();
        for (String m : methods) {
            h.append("<tr><th>").append(esc(m)).append("</th>");
            for (String c : checks) {
                CheckResult r = byCell.get(c + "\u0000" + m);
                if (r == null) {
                    h.append("<td class=\"cell missing\">—</td>");
                    continue;
                }
                if (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.WARN) {
                    findings.add(r);
                }
                h.append("<td class=\"cell v-").append(r.verdict()).append("\" title=\"").append(esc(tooltip(r)))
                        .append("\"><span class=\"val\">").append(esc(ReportText.number(r.value())))
                        .append("</span> <span class=\"badge bg-").append(r.verdict()).append("\">")
                        .append(ReportText.verdict(r.verdict())).append("</span></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
        if (!findings.isEmpty()) {
            // The tooltips are invisible in print and on touch screens; failures deserve plain text.
            findings.sort(Comparator.comparing(CheckResult::verdict).reversed());
            h.append("<h3>Findings</h3>\n<ul class=\"findings\">\n");
            for (CheckResult r : findings) {
                h.append("<li><span class=\"badge bg-").append(r.verdict()).append("\">").append(r.verdict())
                        .append("</span> <b>").append(esc(r.check())).append("</b> for <b>").append(esc(r.method()))
                        .append("</b> = ").append(esc(ReportText.number(r.value()))).append(" (")
                        .append(esc(ReportText.threshold(r.threshold()))).append(")")
                        .append(r.detail() == null ? "" : ": " + esc(r.detail())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    /** The check's threshold if every method has the same one (the usual case), else a pointer to the cells. */
    private static String sharedThreshold(List<CheckResult> results, String check) {
        Set<Threshold> ts = results.stream().filter(r -> r.check().equals(check)).map(CheckResult::threshold)
                .filter(Objects::nonNull).collect(Collectors.toSet());
        return ts.size() == 1 ? ReportText.threshold(ts.iterator().next()) : ts.isEmpty() ? "" : "per method (see cells)";
    }

    private static String tooltip(CheckResult r) {
        StringBuilder t = new StringBuilder();
        t.append(r.check()).append(" for ").append(r.method()).append(": ").append(ReportText.number(r.value()))
                .append(" → ").append(ReportText.verdict(r.verdict())).append("\n")
                .append(ReportText.threshold(r.threshold()));
        if (r.detail() != null && !r.detail().isEmpty()) {
            t.append("\n").append(r.detail());
        }
        if (r.components() != null) {
            r.components().forEach((k, v) -> t.append("\n  ").append(k).append(" = ").append(ReportText.number(v)));
        }
        return t.toString();
    }
}
