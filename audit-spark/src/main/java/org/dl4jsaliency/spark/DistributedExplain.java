package org.dl4jsaliency.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dl4jsaliency.engine.NonFiniteValueException;
import org.dl4jsaliency.probes.ModelInput;
import org.nd4j.linalg.factory.Nd4j;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Dataset-scale explanation on Spark: the model file is broadcast once as bytes, each executor JVM builds
 * its explainer from it on first use ({@link ExecutorModels}), and each partition is explained in batches
 * ({@link PartitionExplainer}) into rows of {@link ExplanationRows#SCHEMA}.
 */
public final class DistributedExplain {
    private DistributedExplain() {
    }

    /**
     * The explanation rows of {@code images} (lazy: nothing runs until the rows are written or collected).
     * The model is loaded on the driver first and given one input, so that a bad model file or an input
     * shape it does not take fails at once, naming the file, rather than in every task.
     *
     * @param modelName the model file's name (ModelFile tells zip from Keras HDF5 by content)
     * @param model     the model file's bytes
     */
    public static Dataset<Row> explain(SparkSession spark, JavaRDD<ImageInput> images, ExplainSettings settings,
                                       String modelName, byte[] model) {
        String sha = sha256(model);
        requireInputFits(ExecutorModels.get(modelName, sha, model, settings.inputShape(), settings.precision()),
                modelName);
        Broadcast<byte[]> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model);
        JavaRDD<Row> rows = images.mapPartitions(new PartitionExplainer(settings, shared, modelName, sha));
        return spark.createDataFrame(rows, ExplanationRows.SCHEMA);
    }

    /** One forward pass on zeros, so that an input shape the model does not take fails here, naming both. */
    private static void requireInputFits(ExecutorModels.Loaded loaded, String modelName) {
        ModelInput in = loaded.input();
        try {
            loaded.explainer().engine().logits(in.fromNchw(Nd4j.zeros(loaded.explainer().engine().dataType(), 1,
                    in.channels(), in.height(), in.width())));
        } catch (NonFiniteValueException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("input shape " + in.shape() + " does not fit model " + modelName + ": "
                    + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
