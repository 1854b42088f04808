package org.dl4jsaliency.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The exact sum behind the dataset means: the same mean whatever the partitioning and order. */
class ExactSumTest {

    @Test
    void theMeanDoesNotDependOnTheOrderOrGroupingOfTheValues() {
        // In doubles, (1e16 + 1) + 1 − 1e16 = 0 but 1 + 1 + 1e16 − 1e16 = 2: a plain running sum depends on order.
        double[] values = {1e16, 1, 1, -1e16};
        assertNotEquals((values[0] + values[1] + values[2]) + values[3], (values[1] + values[2]) + values[0] + values[3]);
        ExactSum oneGo = new ExactSum();
        for (double v : values) {
            oneGo.add(v);
        }
        ExactSum split = new ExactSum().add(values[3]).add(values[1]).merge(new ExactSum().add(values[2]).add(values[0]));
        assertEquals(0.5, oneGo.mean());
        assertEquals(0.5, split.mean());
        assertEquals(4, split.count());
    }

    @Test
    void noValuesHaveNoMeanAndNonFiniteValuesAreRefused() {
        assertEquals(Double.NaN, new ExactSum().mean());
        assertThrows(IllegalArgumentException.class, () -> new ExactSum().add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ExactSum().add(Double.POSITIVE_INFINITY));
    }
}
