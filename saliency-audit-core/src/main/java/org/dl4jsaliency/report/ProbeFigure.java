package org.dl4jsaliency.report;

import java.util.List;

/** The input × method grid of heatmaps of one probe. */
public record ProbeFigure(String probe, String description, List<String> methods, List<FigureRow> rows) {
}
