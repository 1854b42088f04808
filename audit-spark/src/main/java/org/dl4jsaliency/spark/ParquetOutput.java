package org.dl4jsaliency.spark;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Writes a dataset as Parquet so that the output folder appears whole or not at all. Spark's commit
 * protocol already keeps failed task attempts out and marks a complete job with {@code _SUCCESS}; this
 * writes into a hidden sibling folder and renames it to the output only after the job committed, so a
 * failed or killed job leaves no output folder that a reader could take for a result.
 */
public final class ParquetOutput {
    /** The marker Spark's committer writes into a completed output. */
    public static final String SUCCESS = "_SUCCESS";

    private ParquetOutput() {
    }

    /**
     * Writes {@code rows} to {@code out} (any Hadoop URI), which must not exist.
     *
     * @throws IllegalArgumentException when {@code out} exists
     */
    public static void write(Dataset<Row> rows, String out) {
        Path target = new Path(out);
        try {
            FileSystem fs = target.getFileSystem(rows.sparkSession().sparkContext().hadoopConfiguration());
            if (fs.exists(target)) {
                throw new IllegalArgumentException("output " + out + " exists; choose a new folder");
            }
            Path staging = new Path(target.getParent(), "." + target.getName() + ".inprogress-" + UUID.randomUUID());
            try {
                rows.write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
                if (!fs.exists(new Path(staging, SUCCESS))) {
                    throw new IllegalStateException("the Parquet write to " + staging + " ended without " + SUCCESS);
                }
                if (!fs.rename(staging, target)) {
                    throw new IOException("cannot rename " + staging + " to " + target);
                }
            } finally {
                fs.delete(staging, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Parquet output " + out + ": " + e.getMessage(), e);
        }
    }
}
