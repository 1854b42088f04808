package org.dl4jsaliency.spark;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * One per-image measure aggregated over a dataset's explanation rows, per method: how many images have it
 * defined, its exact mean ({@link ExactSum}), quantiles (Spark's exact {@code percentile}, linear
 * interpolation) and the worst images by path (ties broken by path, so the list is deterministic).
 *
 * @param method    the method spec
 * @param images    images whose measure is defined
 * @param errors    the method's error rows (images that could not be read or explained)
 * @param mean      the mean over those images; NaN when there are none
 * @param quantiles the values at {@link #QUANTILES}; empty when there are no images
 * @param worst     up to {@code worst} images and their values, worst first
 */
record DatasetMeasure(String method, long images, long errors, double mean, double[] quantiles,
                      Map<String, Double> worst) {
    /** The quantiles reported: 5 %, the median and 95 %. */
    static final double[] QUANTILES = {0.05, 0.5, 0.95};

    /**
     * {@code column} of {@code rows} ({@link ExplanationRows#SCHEMA}) per method, in the order of {@code methods}.
     *
     * @param higherIsBetter whether the worst images are the lowest (true) or the highest values
     * @param worstCount     how many worst images to list
     */
    static List<DatasetMeasure> of(Dataset<Row> rows, List<String> methods, String column, boolean higherIsBetter,
                                   int worstCount) {
        Dataset<Row> defined = rows.where(col(ExplanationRows.ERROR).isNull().and(col(column).isNotNull()))
                .select(col(ExplanationRows.METHOD), col(ExplanationRows.IMAGE), col(column));
        Map<String, ExactSum> sums = sums(defined);
        Map<String, Long> errors = new TreeMap<>();
        rows.where(col(ExplanationRows.ERROR).isNotNull()).groupBy(ExplanationRows.METHOD).count().collectAsList()
                .forEach(r -> errors.put(r.getString(0), r.getLong(1)));
        Map<String, double[]> quantiles = new TreeMap<>();
        StringBuilder q = new StringBuilder("percentile(").append(column).append(", array(");
        for (int i = 0; i < QUANTILES.length; i++) {
            q.append(i == 0 ? "" : ", ").append(QUANTILES[i]);
        }
        q.append("))");
        defined.groupBy(ExplanationRows.METHOD).agg(org.apache.spark.sql.functions.expr(q.toString())).collectAsList()
                .forEach(r -> quantiles.put(r.getString(0),
                        r.getList(1).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray()));
        List<DatasetMeasure> out = new ArrayList<>();
        for (String method : methods) {
            ExactSum sum = sums.getOrDefault(method, new ExactSum());
            Map<String, Double> worst = new LinkedHashMap<>();
            defined.where(col(ExplanationRows.METHOD).equalTo(method))
                    .orderBy(higherIsBetter ? col(column).asc() : col(column).desc(), col(ExplanationRows.IMAGE).asc())
                    .limit(worstCount).collectAsList()
                    .forEach(r -> worst.put(r.getString(1), r.getDouble(2)));
            out.add(new DatasetMeasure(method, sum.count(), errors.getOrDefault(method, 0L), sum.mean(),
                    quantiles.getOrDefault(method, new double[0]), worst));
        }
        return out;
    }

    /** Exact sums per method: partial sums per partition, merged on the driver. */
    private static Map<String, ExactSum> sums(Dataset<Row> defined) {
        MapPartitionsFunction<Row, Map<String, ExactSum>> partial = it -> {
            Map<String, ExactSum> m = new TreeMap<>();
            while (it.hasNext()) {
                Row r = it.next();
                m.computeIfAbsent(r.getString(0), k -> new ExactSum()).add(r.getDouble(2));
            }
            return List.of(m).iterator();
        };
        @SuppressWarnings("unchecked")
        Class<Map<String, ExactSum>> type = (Class<Map<String, ExactSum>>) (Class<?>) Map.class;
        Map<String, ExactSum> total = new TreeMap<>();
        Iterator<Map<String, ExactSum>> parts = defined.mapPartitions(partial, Encoders.javaSerialization(type))
                .toLocalIterator();
        parts.forEachRemaining(p -> p.forEach((k, v) -> total.merge(k, v, ExactSum::merge)));
        return total;
    }
}
