package org.dl4jsaliency.report;

import java.util.List;

/** A line plot in the report (rendered as inline SVG in HTML, as numbers in JSON). */
public record Plot(String id, String title, String xLabel, String yLabel, List<Series> series) {
}
