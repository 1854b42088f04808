package org.dl4jsaliency.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small synthetic audit report that exercises every kind of content the writers must handle. */
final class SampleReports {
    static final String EVIL_MODEL = "<script>alert('x')</script>lenet & \"friends\".zip";
    static final List<String> METHODS = List.of("gradient", "gradient-x-input");
    static final List<String> CHECKS = List.of("zero-point", "re-encoding", "probe-sweep");
    /** Map and image size of the probe figure (deliberately not square). */
    static final int H = 12;
    static final int W = 10;
    static final int ROWS = 2;

    private SampleReports() {
    }

    static AuditReport sample() {
        Threshold higher = new Threshold(true, 0.5, 0.2);
        Threshold lower = new Threshold(false, 0.05, 0.2);
        Map<String, Double> components = new LinkedHashMap<>();
        components.put("image-0", 0.8);
        components.put("image-1", Double.NaN);
        List<CheckResult> results = List.of(
                new CheckResult("zero-point", "gradient", 0.83, Verdict.PASS, higher, "sees the zero point", components),
                new CheckResult("zero-point", "gradient-x-input", 0.0, Verdict.FAIL, higher,
                        "x ⊙ g is exactly 0 at the zero point \u0001<b>", Map.of()),
                new CheckResult("re-encoding", "gradient", 1e-7, Verdict.PASS, lower, "invariant", Map.of()),
                new CheckResult("re-encoding", "gradient-x-input", 0.12, Verdict.WARN, lower, "changes with the encoding",
                        Map.of("inversion", 0.12)),
                new CheckResult("probe-sweep", "gradient", null, Verdict.NOT_APPLICABLE, higher,
                        "no pixel at the zero point", Map.of()),
                new CheckResult("probe-sweep", "gradient-x-input", 0.31, Verdict.PASS, higher, "tracks occlusion", Map.of()));
        double[] v = {0, 0.25, 0.5, 0.75, 1};
        Plot plot = new Plot("share-vs-brightness", "Relevance share vs probe brightness", "probe brightness v",
                "relevance share F_M", List.of(
                new Series("gradient", v, new double[]{0.6, 0.62, 0.61, 0.63, 0.6}, new double[]{0.05, 0.04, 0.05, 0.03, 0.04}),
                new Series("gradient-x-input", v, new double[]{0, 0.2, Double.NaN, 0.5, 0.6}, null),
                new Series("occlusion", v, new double[]{0.55, 0.57, 0.6, 0.6, 0.61}, null)));
        ProbeFigure figure = new ProbeFigure("dark-square", "A square at brightness 0 on a mid-grey background.",
                METHODS, List.of(row("dark <square>", 3, 0.0), row("bright square", 1, 1.0)));
        RunInfo run = new RunInfo("default & strict", "configs/default.yaml", Map.of("probes", "all", "images", 8),
                EVIL_MODEL, "ab".repeat(32), "x / 255 (zero point: black)", List.of(1L, 3L, 12L, 10L), "double", "float", 42L,
                Map.of("dl4j-saliency", "0.1.0-SNAPSHOT"), "2025-01-01T12:00:00Z", 12.5);
        return new AuditReport(run, METHODS, CHECKS, results, List.of(plot), List.of(figure),
                AuditReport.overall(results), true);
    }

    private static FigureRow row(String label, int channels, double squareLevel) {
        double[][][] image = new double[channels][H][W];
        double[][] gradient = new double[H][W];
        double[][] xTimesG = new double[H][W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean square = y >= 3 && y < 9 && x >= 3 && x < 7;
                for (int c = 0; c < channels; c++) {
                    image[c][y][x] = square ? squareLevel : 0.5;
                }
                gradient[y][x] = square ? 1.0 : -0.1 * (x - 5);
                xTimesG[y][x] = gradient[y][x] * image[0][y][x];
            }
        }
        xTimesG[0][0] = Double.NaN;
        return new FigureRow(label, image, Map.of("gradient", gradient, "gradient-x-input", xTimesG));
    }
}
