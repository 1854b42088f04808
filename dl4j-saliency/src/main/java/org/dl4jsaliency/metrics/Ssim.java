package org.dl4jsaliency.metrics;

/**
 * Structural similarity of two maps as scikit-image's {@code structural_similarity} computes it with its
 * defaults: a 7×7 uniform window, K1 = 0.01, K2 = 0.03, sample covariances (N − 1), the mean SSIM over
 * the window positions that fit inside the map. Maps smaller than the window use their full size as the
 * window. The caller chooses the data range (1 for maps normalised to [0, 1], as in Adebayo et al.).
 */
public final class Ssim {
    static final int WINDOW = 7;
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;

    private Ssim() {
    }

    public static double of(double[][] x, double[][] y, double dataRange) {
        Maps.requireSameSize(x, y.length, y[0].length, "second map");
        int rows = x.length;
        int cols = x[0].length;
        int wr = Math.min(WINDOW, rows);
        int wc = Math.min(WINDOW, cols);
        int np = wr * wc;
        double c1 = Math.pow(K1 * dataRange, 2);
        double c2 = Math.pow(K2 * dataRange, 2);
        double sum = 0;
        int count = 0;
        for (int r = 0; r + wr <= rows; r++) {
            for (int c = 0; c + wc <= cols; c++) {
                double mx = 0;
                double my = 0;
                for (int i = r; i < r + wr; i++) {
                    for (int j = c; j < c + wc; j++) {
                        mx += x[i][j];
                        my += y[i][j];
                    }
                }
                mx /= np;
                my /= np;
                double vx = 0;
                double vy = 0;
                double cxy = 0;
                for (int i = r; i < r + wr; i++) {
                    for (int j = c; j < c + wc; j++) {
                        double dx = x[i][j] - mx;
                        double dy = y[i][j] - my;
                        vx += dx * dx;
                        vy += dy * dy;
                        cxy += dx * dy;
                    }
                }
                double norm = np > 1 ? np - 1 : 1;
                vx /= norm;
                vy /= norm;
                cxy /= norm;
                sum += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                count++;
            }
        }
        return sum / count;
    }

    /** |map| / max |map| (all zeros stay zeros): the normalisation the randomisation check compares. */
    public static double[][] normalisedAbs(double[][] map) {
        double m = 0;
        for (double[] row : map) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        double[][] out = new double[map.length][map[0].length];
        for (int r = 0; r < map.length; r++) {
            for (int c = 0; c < map[r].length; c++) {
                out[r][c] = m > 0 ? Math.abs(map[r][c]) / m : 0;
            }
        }
        return out;
    }
}
