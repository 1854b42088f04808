package org.dl4jsaliency.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.dl4jsaliency.report.HtmlPage.esc;

/**
 * A {@link ProbeFigure} as an input × method grid of heatmaps (PNG data URIs), one colour scale per
 * method column, with colour bars and a per-image view.
 */
public final class HeatmapGrid {
    /** Heatmap cells are enlarged to about this many CSS pixels, and shown at most {@link #CELL_MAX}. */
    private static final int CELL_TARGET = 112;
    private static final int CELL_MAX = 128;
    /** The per-image view shows maps this many times larger than the grid. */
    private static final int DETAIL_ZOOM = 2;

    private HeatmapGrid() {
    }

    /** Appends {@code f} as an input × method grid of heatmaps, one colour scale per method column. */
    public static void append(StringBuilder h, ProbeFigure f) {
        List<String> methods = f.methods();
        // One scale per method column, so that the rows of a column can be compared cell by cell.
        Map<String, Double> scale = new LinkedHashMap<>();
        for (String m : methods) {
            List<double[][]> column = new ArrayList<>();
            for (FigureRow r : f.rows()) {
                if (r.maps().get(m) != null) {
                    column.add(r.maps().get(m));
                }
            }
            scale.put(m, Heatmaps.symmetricScale(column));
        }
        h.append("<section class=\"probe\" id=\"probe-").append(esc(f.probe())).append("\">\n<h2>Probe: ")
                .append(esc(f.probe())).append("</h2>\n");
        if (f.description() != null) {
            h.append("<p>").append(esc(f.description())).append("</p>\n");
        }
        h.append("<p class=\"hint\">Red: positive relevance, blue: negative, white: zero. Each method column shares one "
                        + "colour scale (±value under its name), so its rows compare directly; open a row to see "
                        + "each of its maps on its own scale.</p>\n")
                .append("<div class=\"scroll images\"><table class=\"grid\">\n<thead><tr><th>input</th>");
        for (String m : methods) {
            h.append("<th>").append(esc(m)).append(colourBar(scale.get(m))).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (FigureRow r : f.rows()) {
            String input = r.image() == null ? null : dataUri(Heatmaps.display(r.image()));
            Size inputSize = r.image() == null ? null : Size.of(r.image()[0].length, r.image()[0][0].length);
            h.append("<tr><td class=\"in\">").append(input == null ? "—" : img(input, inputSize, 1, r.label()))
                    .append("<div class=\"label\">").append(esc(r.label())).append("</div></td>");
            for (String m : methods) {
                double[][] map = r.maps().get(m);
                h.append("<td>").append(map == null ? "<span class=\"muted\">—</span>"
                        : mapCell(map, scale.get(m), 1, r.label() + ", " + m)).append("</td>");
            }
            h.append("</tr>\n<tr class=\"more\"><td colspan=\"").append(methods.size() + 1)
                    .append("\"><details><summary>").append(esc(r.label()))
                    .append(": larger, each map on its own scale</summary>\n<div class=\"single\">");
            if (input != null) {
                h.append("<figure>").append(img(input, inputSize, DETAIL_ZOOM, r.label()))
                        .append("<figcaption>input</figcaption></figure>");
            }
            for (String m : methods) {
                double[][] map = r.maps().get(m);
                if (map != null) {
                    double own = Heatmaps.symmetricScale(List.<double[][]>of(map));
                    h.append("<figure>").append(mapCell(map, own, DETAIL_ZOOM, r.label() + ", " + m))
                            .append("<figcaption>").append(esc(m)).append(colourBar(own)).append("</figcaption></figure>");
                }
            }
            h.append("</div></details></td></tr>\n");
        }
        h.append("</tbody>\n</table></div>\n</section>\n");
    }

    /** A map's {@code <img>}; non-finite values are drawn white and said so, not silently coloured. */
    private static String mapCell(double[][] map, double scale, int zoom, String alt) {
        int bad = 0;
        double[][] finite = new double[map.length][];
        for (int y = 0; y < map.length; y++) {
            finite[y] = map[y].clone();
            for (int x = 0; x < finite[y].length; x++) {
                if (!Double.isFinite(finite[y][x])) {
                    finite[y][x] = 0;
                    bad++;
                }
            }
        }
        Size size = Size.of(map.length, map[0].length);
        String html = img(dataUri(Heatmaps.signed(finite, scale)), size, zoom, alt);
        return bad == 0 ? html : html + "<div class=\"warn-text\">" + bad + " non-finite values (white)</div>";
    }

    private static String dataUri(BufferedImage img) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(
                Heatmaps.png(Heatmaps.enlarge(img, Size.factor(img.getHeight(), img.getWidth()))));
    }

    private static String img(String uri, Size size, int zoom, String alt) {
        return "<img class=\"px\" src=\"" + uri + "\" width=\"" + size.w * zoom + "\" height=\"" + size.h * zoom
                + "\" alt=\"" + esc(alt) + "\">";
    }

    /** The CSS gradient reproduces {@link Heatmaps#signed}'s linear blue–white–red ramp exactly. */
    private static String colourBar(double scale) {
        String s = ReportText.number(scale);
        return "<div class=\"cbar\"><span class=\"ramp\"></span><span class=\"ends\"><span>−" + esc(s)
                + "</span><span>0</span><span>+" + esc(s) + "</span></span></div>";
    }

    /**
     * Display size of a map cell: the PNG is enlarged by an integer factor to about {@link #CELL_TARGET}
     * pixels (crisp blocks even where pixelated scaling is unsupported), then shown at most
     * {@link #CELL_MAX} pixels on its long side.
     */
    private record Size(int h, int w) {
        static int factor(int h, int w) {
            return Math.max(1, (int) Math.round((double) CELL_TARGET / Math.max(h, w)));
        }

        static Size of(int h, int w) {
            int f = factor(h, w);
            double shrink = Math.min(1, (double) CELL_MAX / (Math.max(h, w) * f));
            return new Size((int) Math.round(h * f * shrink), (int) Math.round(w * f * shrink));
        }
    }
}
