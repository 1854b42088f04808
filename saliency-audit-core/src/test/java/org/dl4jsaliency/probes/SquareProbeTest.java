package org.dl4jsaliency.probes;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dark/bright probe: mask geometry and rendering, compared exactly (values are copied, not computed). */
class SquareProbeTest {
    private static final int C = 3;
    private static final int H = 16;
    private static final int W = 14;

    private static SquareProbe probe(long seed) {
        return SquareProbe.random(C, H, W, 5, 2, 0.5, 0.2, new Random(seed));
    }

    @Test
    void maskIsASquareOfSideSizeInsideTheMargin() {
        for (long seed = 0; seed < 20; seed++) {
            boolean[][] m = probe(seed).mask();
            assertEquals(H, m.length);
            assertEquals(W, m[0].length);
            int count = 0;
            int top = H;
            int bottom = -1;
            int left = W;
            int right = -1;
            for (int r = 0; r < H; r++) {
                for (int c = 0; c < W; c++) {
                    if (m[r][c]) {
                        count++;
                        top = Math.min(top, r);
                        bottom = Math.max(bottom, r);
                        left = Math.min(left, c);
                        right = Math.max(right, c);
                    }
                }
            }
            assertEquals(25, count, "area = size²");
            assertEquals(4, bottom - top, "a 5×5 square (bounding box = area ⇒ solid)");
            assertEquals(4, right - left);
            assertTrue(top >= 2 && left >= 2 && bottom <= H - 3 && right <= W - 3, "margin of 2 px kept");
        }
    }

    @Test
    void renderPutsVExactlyInTheMaskAndKeepsTheBackground() {
        SquareProbe p = probe(4);
        boolean[][] m = p.mask();
        INDArray dark = p.render(0.0);
        INDArray bright = p.render(0.875);
        INDArray perChannel = p.render(new double[] {0.1, 0.2, 0.3});
        assertArrayEquals(new long[] {C, H, W}, dark.shape());
        double[] levels = {0.1, 0.2, 0.3};
        int backgroundDistinct = 0;
        for (int ch = 0; ch < C; ch++) {
            for (int r = 0; r < H; r++) {
                for (int c = 0; c < W; c++) {
                    double d = dark.getDouble(ch, r, c);
                    double b = bright.getDouble(ch, r, c);
                    double pc = perChannel.getDouble(ch, r, c);
                    if (m[r][c]) {
                        assertEquals(0.0, d, 0.0);
                        assertEquals(0.875, b, 0.0);
                        assertEquals(levels[ch], pc, 0.0);
                    } else {
                        assertEquals(d, b, 0.0, "background identical across levels");
                        assertEquals(d, pc, 0.0);
                        // level 0.5 ± 0.2 noise, inside [0, 1]
                        assertTrue(d >= 0.3 && d <= 0.7, "background " + d);
                        // the same grey in every channel
                        assertEquals(dark.getDouble(0, r, c), d, 0.0);
                        if (d != 0.5) {
                            backgroundDistinct++;
                        }
                    }
                }
            }
        }
        assertTrue(backgroundDistinct > 0, "the background carries noise");
    }

    @Test
    void backgroundIsClippedToTheUnitRange() {
        SquareProbe p = SquareProbe.random(1, 10, 10, 2, 0, 0.95, 0.5, new Random(1));
        INDArray x = p.render(0.5);
        assertTrue(x.minNumber().doubleValue() >= 0.0);
        assertTrue(x.maxNumber().doubleValue() <= 1.0);
        // 0.95 + 0.5·U(−1, 1) exceeds 1 when U > 0.1, i.e. for 45 % of the 100 draws: some pixels sit exactly at the clip
        boolean hitsOne = false;
        for (double v : x.data().asDouble()) {
            hitsOne |= v == 1.0;
        }
        assertTrue(hitsOne);
    }

    @Test
    void deterministicForASeed() {
        assertArrayEquals(probe(9).render(0.3).data().asDouble(), probe(9).render(0.3).data().asDouble(), 0.0);
    }

    @Test
    void rejectsSquaresThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> SquareProbe.random(1, 8, 8, 5, 2, 0.5, 0, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> SquareProbe.random(1, 8, 8, 0, 0, 0.5, 0, new Random(1)));
        // exactly fitting is fine: 4 + 2·2 = 8
        assertEquals(16, countTrue(SquareProbe.random(1, 8, 8, 4, 2, 0.5, 0, new Random(1)).mask()));
    }

    private static int countTrue(boolean[][] m) {
        int n = 0;
        for (boolean[] row : m) {
            for (boolean v : row) {
                n += v ? 1 : 0;
            }
        }
        return n;
    }
}
