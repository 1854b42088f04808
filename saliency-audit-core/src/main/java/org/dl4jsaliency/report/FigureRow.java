package org.dl4jsaliency.report;

import java.util.Map;

/**
 * One input of a probe figure: the image in display units ([channel][row][column], values in [0, 1])
 * and, per method, its map summed over channels ([row][column]).
 */
public record FigureRow(String label, double[][][] image, Map<String, double[][]> maps) {
}
