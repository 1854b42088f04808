package org.dl4jsaliency.audit;

import org.dl4jsaliency.report.AtomicFiles;
import org.dl4jsaliency.report.AuditReport;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.HtmlReport;
import org.dl4jsaliency.report.JsonReport;
import org.dl4jsaliency.report.JunitReport;
import org.dl4jsaliency.report.Verdict;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link BiasAudit} found: a verdict and a number per (method, check), the overall verdict, and
 * the reports. Immutable.
 */
public final class AuditResult {
    /** The report files {@link #writeReports} writes. */
    public static final String HTML = "audit.html";
    public static final String JSON = "audit.json";
    public static final String JUNIT = "audit-junit.xml";

    private final AuditReport report;

    AuditResult(AuditReport report) {
        this.report = report;
    }

    /** The result of an audit run through {@link Audit} (the command line's path). */
    public static AuditResult of(AuditReport report) {
        if (report == null) {
            throw new IllegalArgumentException("report is null");
        }
        return new AuditResult(report);
    }

    /**
     * FAIL if any check failed for any method, else WARN, else PASS; NOT_APPLICABLE when nothing could be
     * measured, which a gate must not take for a pass.
     */
    public Verdict overall() {
        return report.overall();
    }

    /** Every (check, method) result, in report order. */
    public List<CheckResult> results() {
        return report.results();
    }

    /** The results that FAILed. */
    public List<CheckResult> failures() {
        return report.results().stream().filter(r -> r.verdict() == Verdict.FAIL).toList();
    }

    /** The result of {@code check} for {@code method} (as the method was specified), if that pair ran. */
    public Optional<CheckResult> result(String method, String check) {
        return report.results().stream().filter(r -> r.method().equals(method) && r.check().equals(check)).findFirst();
    }

    /** The audited methods and the checks, in report order. */
    public List<String> methods() {
        return report.methods();
    }

    public List<String> checks() {
        return report.checks();
    }

    /** The whole report (run information, plots, figures), as the HTML/JSON/JUnit renderers read it. */
    public AuditReport report() {
        return report;
    }

    /**
     * Writes audit.html, audit.json and audit-junit.xml into {@code folder} (created if needed), all or
     * none: each goes to a temporary file first, and they are renamed together.
     */
    public void writeReports(Path folder) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(folder.resolve(HTML), HtmlReport.render(report));
        files.put(folder.resolve(JSON), JsonReport.render(report));
        files.put(folder.resolve(JUNIT), JunitReport.render(report));
        try {
            java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create report folder " + folder, e);
        }
        AtomicFiles.writeAll(files);
    }
}
