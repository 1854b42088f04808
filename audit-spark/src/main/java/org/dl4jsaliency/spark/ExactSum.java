package org.dl4jsaliency.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A sum of doubles kept exactly (every double is a finite binary fraction, so BigDecimal adds them without
 * rounding): partial sums merge in any order to the same total, so a mean over a dataset does not depend
 * on how Spark partitioned it or in which order the partitions finished.
 */
final class ExactSum implements Serializable {
    private BigDecimal sum = BigDecimal.ZERO;
    private long count;

    /**
     * Adds {@code value}.
     *
     * @throws IllegalArgumentException for NaN or infinite values, which a measure never yields
     */
    ExactSum add(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cannot average a non-finite value: " + value);
        }
        sum = sum.add(new BigDecimal(value));
        count++;
        return this;
    }

    /** This sum plus {@code other}'s (this one, changed). */
    ExactSum merge(ExactSum other) {
        sum = sum.add(other.sum);
        count += other.count;
        return this;
    }

    long count() {
        return count;
    }

    /** The mean, rounded once to the nearest double; NaN for no values. */
    double mean() {
        return count == 0 ? Double.NaN
                : sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128).doubleValue();
    }
}
