package org.dl4jsaliency.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dl4jsaliency.audit.AuditConfig;
import org.dl4jsaliency.audit.ToolVersion;
import org.dl4jsaliency.report.AuditReport;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.RunInfo;
import org.dl4jsaliency.report.Threshold;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dataset-level input-bias checks over every image of a dataset's explanation rows: zero-point
 * (docs/algorithms.md §5.3, the mean zero-point mass over the images that have zero-point pixels the
 * reference marks as used) and intensity correlation (§5.5, the mean ρ over the images whose map is not
 * constant), judged against the configuration's thresholds as the single-JVM audit judges them, into the
 * same {@link AuditReport} (and so the same audit.json, audit.html and audit-junit.xml). The probe-based
 * checks (probe-sweep, re-encoding, randomisation) measure the model on synthetic probes, not the dataset,
 * and stay with {@code ./saliency-audit audit}.
 */
public final class DistributedAudit {
    /** The checks measured over a dataset, in report order. */
    public static final List<String> CHECKS = List.of("zero-point", "intensity-correlation");
    /** The row column each check averages. */
    private static final Map<String, String> COLUMNS = Map.of(
            "zero-point", ExplanationRows.ZERO_POINT_MASS,
            "intensity-correlation", ExplanationRows.INTENSITY_CORRELATION);
    /** How many worst images each result lists. */
    static final int WORST = 5;

    private DistributedAudit() {
    }

    /**
     * The report of {@code rows} (the explanation rows of {@code settings} on the dataset).
     *
     * @param model    the model file's description and SHA-256 for the report header
     * @param started  when the run started (the duration runs to now)
     * @throws IllegalArgumentException when the configuration lists none of {@link #CHECKS}
     */
    public static AuditReport report(Dataset<Row> rows, AuditConfig config, ExplainSettings settings, String model,
                                     String modelSha256, String precision, String modelPrecision, Instant started,
                                     boolean warnOnly) {
        List<String> checks = new ArrayList<>();
        for (String name : CHECKS) {
            if (config.checks != null && config.checks.containsKey(name)) {
                checks.add(name);
            }
        }
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("configuration " + config.source() + " lists none of the dataset checks "
                    + CHECKS + " under 'checks'");
        }
        List<CheckResult> results = new ArrayList<>();
        for (String check : checks) {
            Threshold threshold = config.threshold(check);
            for (DatasetMeasure m : DatasetMeasure.of(rows, settings.methods(), COLUMNS.get(check),
                    threshold.higherIsBetter(), WORST)) {
                results.add(result(check, m, threshold));
            }
        }
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("dl4j-saliency", ToolVersion.get());
        versions.put("spark", rows.sparkSession().version());
        versions.put("java", System.getProperty("java.version"));
        int[] s = settings.inputShape();
        RunInfo run = new RunInfo(config.name, config.source() == null ? "(built in)" : config.source().toString(),
                config.asMap(), model, modelSha256, settings.space().description(), List.of((long) s[0], (long) s[1],
                (long) s[2]), precision, modelPrecision, config.seed, versions,
                started.truncatedTo(ChronoUnit.SECONDS).toString(),
                (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1e3);
        return new AuditReport(run, settings.methods(), checks, results, List.of(), List.of(),
                AuditReport.overall(results), warnOnly);
    }

    private static CheckResult result(String check, DatasetMeasure m, Threshold threshold) {
        Map<String, Double> components = new LinkedHashMap<>();
        components.put("images", (double) m.images());
        components.put("error rows", (double) m.errors());
        for (int i = 0; i < m.quantiles().length; i++) {
            components.put(String.format(Locale.ROOT, "q%02.0f", DatasetMeasure.QUANTILES[i] * 100), m.quantiles()[i]);
        }
        m.worst().forEach((image, v) -> components.put("worst " + image, v));
        String what = check.equals("zero-point")
                ? "largest |relevance| on zero-point pixels the occlusion reference marks as used, as a fraction of "
                + "each image's largest"
                : "Spearman ρ of |relevance| and |I − z0|";
        String detail = m.images() == 0
                ? "no image of the dataset gave a defined value (" + m.errors() + " error row(s))"
                : String.format(Locale.ROOT, "%s, mean over %d dataset image(s)%s", what, m.images(),
                m.errors() == 0 ? "" : "; " + m.errors() + " image(s) could not be read or explained");
        double value = m.mean();
        return CheckResult.judged(check, m.method(), value, threshold, detail, components);
    }
}
