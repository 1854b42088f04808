package org.dl4jsaliency.metrics;

/**
 * The share of absolute relevance inside a region (docs/algorithms.md §5.1):
 * F_M = Σ_{i∈M} |A_i| / Σ_i |A_i| over a map already summed over channels.
 */
public final class RelevanceShare {
    private RelevanceShare() {
    }

    /**
     * F_M of {@code map} ([row][column]) for the region {@code mask} (same size); NaN when the map is
     * all zero (no relevance to share).
     */
    public static double of(double[][] map, boolean[][] mask) {
        Maps.requireSameSize(map, mask.length, mask[0].length, "mask");
        double inside = 0;
        double total = 0;
        for (int r = 0; r < map.length; r++) {
            for (int c = 0; c < map[r].length; c++) {
                double a = Math.abs(map[r][c]);
                total += a;
                if (mask[r][c]) {
                    inside += a;
                }
            }
        }
        return total > 0 ? inside / total : Double.NaN;
    }

    /** |M| / N: the share a map spread evenly would give the region. */
    public static double areaShare(boolean[][] mask) {
        long in = 0;
        long all = 0;
        for (boolean[] row : mask) {
            for (boolean m : row) {
                all++;
                in += m ? 1 : 0;
            }
        }
        return (double) in / all;
    }
}
