package org.dl4jsaliency.report;

/** One line of a plot: y against x, with an optional spread (standard deviation over images) per point. */
public record Series(String name, double[] x, double[] y, double[] spread) {
    public Series {
        if (x.length != y.length || (spread != null && spread.length != y.length)) {
            throw new IllegalArgumentException("series " + name + ": x, y and spread lengths differ");
        }
    }
}
