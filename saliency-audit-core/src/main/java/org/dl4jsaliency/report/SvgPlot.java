package org.dl4jsaliency.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.dl4jsaliency.report.HtmlPage.esc;

/** A {@link Plot} as an inline SVG line plot with nice axes, spreads and a legend. */
public final class SvgPlot {
    /** Tableau 10: distinguishable, and still readable for the common colour-vision deficiencies. */
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    private SvgPlot() {
    }

    /** Appends {@code p} as an SVG line plot; series named in {@code methods} keep that method's colour. */
    public static void append(StringBuilder h, Plot p, List<String> methods) {
        final int left = 64;
        final int plotWidth = 376;
        // The legend's width follows its longest name (12 px text, at most ~7.2 px a character), so that
        // long method specs are not cut off at the edge of the SVG.
        int longest = p.series().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        final int right = Math.max(180, 42 + (int) Math.ceil(7.2 * longest) + 8);
        final int w = left + plotWidth + right;
        final int top = 14;
        final int bottom = 50;
        int legendRows = p.series().size();
        int height = Math.max(340, top + bottom + 20 * legendRows);
        int pw = w - left - right;
        int ph = height - top - bottom;

        double[] xr = range(p.series(), true);
        double[] yr = range(p.series(), false);
        h.append("<figure class=\"plot\" id=\"plot-").append(esc(p.id())).append("\">\n<h3>").append(esc(p.title()))
                .append("</h3>\n");
        if (xr == null || yr == null) {
            h.append("<p class=\"muted\">No finite data to plot.</p>\n</figure>\n");
            return;
        }
        Axis xa = Axis.of(xr[0], xr[1]);
        Axis ya = Axis.of(yr[0], yr[1]);
        h.append("<svg viewBox=\"0 0 ").append(w).append(' ').append(height).append("\" width=\"").append(w)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"").append(esc(p.title()))
                .append("\">\n");
        // Grid and ticks first so the data draws over them.
        for (double t : xa.ticks()) {
            double x = left + xa.frac(t) * pw;
            h.append(String.format(Locale.ROOT,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/><text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    x, top, x, top + ph, x, top + ph + 16, esc(xa.label(t))));
        }
        for (double t : ya.ticks()) {
            double y = top + (1 - ya.frac(t)) * ph;
            h.append(String.format(Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/><text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    left, y, left + pw, y, left - 6, y + 4, esc(ya.label(t))));
        }
        h.append(String.format(Locale.ROOT, "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n",
                left, top, pw, ph));
        h.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                left + pw / 2.0, height - 10, esc(p.xLabel())));
        h.append(String.format(Locale.ROOT,
                "<text class=\"axis\" transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>\n",
                top + ph / 2.0, esc(p.yLabel())));

        for (int si = 0; si < p.series().size(); si++) {
            Series s = p.series().get(si);
            int mi = methods.indexOf(s.name());
            // A method keeps its colour across plots; other series (references) take the colours after.
            String colour = PALETTE[(mi >= 0 ? mi : methods.size() + si) % PALETTE.length];
            StringBuilder line = new StringBuilder();
            StringBuilder band = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            List<double[]> segment = new ArrayList<>(); // {px, py, py(y+spread), py(y−spread)}
            for (int i = 0; i <= s.x().length; i++) {
                boolean ok = i < s.x().length && Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]);
                if (ok) {
                    double px = left + xa.frac(s.x()[i]) * pw;
                    double py = top + (1 - ya.frac(s.y()[i])) * ph;
                    double sd = s.spread() != null && Double.isFinite(s.spread()[i]) ? Math.abs(s.spread()[i]) : 0;
                    segment.add(new double[]{px, py, top + (1 - ya.frac(s.y()[i] + sd)) * ph,
                            top + (1 - ya.frac(s.y()[i] - sd)) * ph});
                    marks.append(String.format(Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s: (%s, %s%s)</title></circle>",
                            px, py, colour, esc(s.name()), esc(ReportText.number(s.x()[i])),
                            esc(ReportText.number(s.y()[i])), sd > 0 ? " ± " + esc(ReportText.number(sd)) : ""));
                    continue;
                }
                // A non-finite point breaks the line rather than being drawn at an invented value.
                if (!segment.isEmpty()) {
                    line.append(path(segment, 1, false));
                    if (s.spread() != null) {
                        band.append(path(segment, 2, false)).append(' ').append(path(segment, 3, true).replaceFirst("M", "L")).append("Z ");
                    }
                    segment.clear();
                }
            }
            if (band.length() > 0) {
                h.append("<path d=\"").append(band.toString().trim()).append("\" fill=\"").append(colour)
                        .append("\" fill-opacity=\"0.15\" stroke=\"none\"/>\n");
            }
            h.append("<path d=\"").append(line.toString().trim()).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\"/>\n").append(marks).append('\n');
            int ly = top + 8 + 20 * si;
            int lx = left + pw + 14;
            h.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/><circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/><text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>\n",
                    lx, ly, lx + 22, ly, colour, lx + 11, ly, colour, lx + 28, ly + 4, esc(s.name())));
        }
        h.append("</svg>\n");
        if (p.series().stream().anyMatch(s -> s.spread() != null)) {
            h.append("<figcaption class=\"muted\">Shaded bands: ± one standard deviation over images.</figcaption>\n");
        }
        h.append("</figure>\n");
    }

    private static String path(List<double[]> pts, int yIndex, boolean reverse) {
        StringBuilder d = new StringBuilder();
        for (int k = 0; k < pts.size(); k++) {
            double[] p = pts.get(reverse ? pts.size() - 1 - k : k);
            d.append(String.format(Locale.ROOT, "%s%.1f %.1f ", k == 0 ? "M" : "L", p[0], p[yIndex]));
        }
        return d.toString();
    }

    /** {min, max} of the finite x (or y ± spread) values, or null when there are none. */
    private static double[] range(List<Series> series, boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) {
                    continue;
                }
                double v = x ? s.x()[i] : s.y()[i];
                double sd = !x && s.spread() != null && Double.isFinite(s.spread()[i]) ? Math.abs(s.spread()[i]) : 0;
                lo = Math.min(lo, v - sd);
                hi = Math.max(hi, v + sd);
            }
        }
        return lo <= hi ? new double[]{lo, hi} : null;
    }

    /** A linear axis over "nice" tick values (1, 2 or 5 × 10ᵏ apart) that enclose the data. */
    private record Axis(double lo, double hi, double step) {
        static Axis of(double min, double max) {
            if (max - min < 1e-12 * Math.max(1, Math.abs(max))) {
                double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
                min -= pad;
                max += pad;
            }
            double raw = (max - min) / 5;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double norm = raw / mag;
            double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
            return new Axis(Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step, step);
        }

        double frac(double v) {
            return (v - lo) / (hi - lo);
        }

        List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            for (long k = Math.round(lo / step); k * step <= hi + step * 1e-9; k++) {
                t.add(k * step);
            }
            return t;
        }

        String label(double v) {
            if (Math.abs(v) < step * 1e-9) {
                return "0";
            }
            double a = Math.abs(step);
            if (a >= 1e-4 && a < 1e6) {
                int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
                return String.format(Locale.ROOT, "%." + decimals + "f", v);
            }
            return String.format(Locale.ROOT, "%.1e", v);
        }
    }
}
