package org.dl4jsaliency.reproduction;

import org.dl4jsaliency.reproduction.MarkedItemsTask.Variant;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mark is exactly where the region says, at exactly its intensity; garments never reach a mark's value. */
class MarkedItemsTaskTest {
    private static final FashionMnist.Items ITEMS = FashionMnist.read(FashionMnist.DEBIAN_DIR,
            FashionMnist.Split.TEST, 60);

    @Test
    void marksSitExactlyOnTheirRegionsAndGarmentsStayInTheirBand() {
        for (Variant v : Variant.values()) {
            MarkedItemsTask.Examples ex = new MarkedItemsTask(v).examples(ITEMS, 0, 60, 3, -1);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < ex.size(); i++) {
                int k = ex.classes()[i];
                assertEquals(i % 3, k);
                assertEquals(1.0, ex.labels().getDouble(i, k));
                assertEquals(ITEMS.labels()[i], ex.garments()[i]);
                int marked = 0;
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        double x = ex.display().getDouble(i, 0, r, c);
                        double model = ex.input().getDouble(i, 0, r, c);
                        double expectedModel = v.space().offset(0) + v.space().scale(0) * x;
                        assertEquals(expectedModel, model, 1e-6, v + " example " + i + " model input");
                        if (ex.regions()[i][r][c]) {
                            marked++;
                            assertEquals(v.mark(k), x, 0.0, v + " example " + i + " mark pixel");
                        } else {
                            lo = Math.min(lo, x);
                            hi = Math.max(hi, x);
                        }
                    }
                }
                assertEquals(k == 0 ? 0 : MarkedItemsTask.MARK * MarkedItemsTask.MARK, marked, "marked pixels");
            }
            for (int k = 1; k <= 2; k++) {
                double m = v.mark(k);
                assertTrue(m < lo || m > hi, v + ": garment band [" + lo + ", " + hi + "] holds mark " + m);
            }
        }
    }

    /** The evidence of classes 1 sits at the model's zero point: exactly its 4 × 36 mark pixels are 0. */
    @Test
    void zeroPointMarksAreExactlyZeroForTheModel() {
        for (Variant v : Variant.values()) {
            INDArray x = new MarkedItemsTask(v).examples(ITEMS, 0, 4, 1, 1).input();
            assertEquals(4.0 * 36, x.eq(0).castTo(DataType.DOUBLE).sumNumber().doubleValue(), 0.0, v.id());
        }
    }

    @Test
    void seedsFixThePositions() {
        MarkedItemsTask task = new MarkedItemsTask(Variant.DARK_BRIGHT);
        MarkedItemsTask.Examples a = task.examples(ITEMS, 5, 20, 11, 2);
        MarkedItemsTask.Examples b = task.examples(ITEMS, 5, 20, 11, 2);
        MarkedItemsTask.Examples c = task.examples(ITEMS, 5, 20, 12, 2);
        assertEquals(a.display(), b.display());
        assertTrue(!a.display().equals(c.display()), "another seed moves the marks");
        assertThrows(IllegalArgumentException.class, () -> task.examples(ITEMS, 0, 0, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> task.examples(ITEMS, 0, 3, 1, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> Variant.of("grey"));
        assertTrue(e.getMessage().contains("grey"), e.getMessage());
    }
}
