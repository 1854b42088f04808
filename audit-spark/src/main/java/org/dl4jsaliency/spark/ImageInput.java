package org.dl4jsaliency.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.Serializable;

import scala.Tuple2;

/**
 * One input image as a task receives it: its path (any Hadoop-readable URI) and its bytes, or why the
 * bytes could not be read. Reading failures travel as data so that one bad file gives an error row
 * instead of failing the job.
 *
 * @param path      the file's URI, the row key of the output
 * @param bytes     the file's content, or null when it could not be read
 * @param readError why it could not be read, or null
 * @param mask      the content of the image's region mask (same file name under the masks folder), or null
 */
public record ImageInput(String path, byte[] bytes, String readError, byte[] mask) implements Serializable {

    /** An input without a mask. */
    public ImageInput(String path, byte[] bytes, String readError) {
        this(path, bytes, readError, null);
    }

    /** The file name: the last segment of the path, which pairs an image with its mask. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * {@code images} with their masks: the file of the same name under {@code masksUri} (white pixels are
     * the region; resized like the image). Images without a mask keep none and get no region share.
     */
    public static JavaRDD<ImageInput> withMasks(JavaSparkContext sc, JavaRDD<ImageInput> images, String masksUri) {
        JavaPairRDD<String, byte[]> masks = binaryFiles(sc, masksUri, images.getNumPartitions())
                .mapToPair(m -> {
                    if (m.bytes() == null) {
                        throw new IllegalStateException(m.readError());
                    }
                    return new Tuple2<>(m.fileName(), m.bytes());
                });
        return images.mapToPair(i -> new Tuple2<>(i.fileName(), i)).leftOuterJoin(masks, images.getNumPartitions())
                .values().map(p -> new ImageInput(p._1().path(), p._1().bytes(), p._1().readError(),
                        p._2().orElse(null)));
    }

    /**
     * The files under {@code uri} (a folder, a glob or a file; local, HDFS, S3, …) through Spark's
     * {@code binaryFiles}, in at least {@code minPartitions} partitions. Spark packs small files into
     * few splits (each file is costed at {@code spark.files.openCostInBytes}, 4 MB), which would leave
     * most cores idle on a folder of thumbnails: the files are then spread over {@code minPartitions}
     * partitions, each file read once by whichever task reads its split.
     */
    public static JavaRDD<ImageInput> binaryFiles(JavaSparkContext sc, String uri, int minPartitions) {
        requireFiles(sc, uri);
        JavaRDD<ImageInput> files = sc.binaryFiles(uri, minPartitions).map(f -> {
            try {
                return new ImageInput(f._1(), f._2().toArray(), null);
            } catch (RuntimeException e) {
                return new ImageInput(f._1(), null, "cannot read " + f._1() + ": " + e.getMessage());
            }
        });
        return files.getNumPartitions() >= minPartitions ? files : files.repartition(minPartitions);
    }

    /**
     * Fails on the driver, naming {@code uri}, when nothing is there: Spark would only fail once the job
     * runs, with a Hadoop exception.
     */
    private static void requireFiles(JavaSparkContext sc, String uri) {
        Path path = new Path(uri);
        try {
            FileStatus[] found = path.getFileSystem(sc.hadoopConfiguration()).globStatus(path);
            if (found == null || found.length == 0) {
                throw new IllegalArgumentException("no images at " + uri);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list images at " + uri + ": " + e.getMessage(), e);
        }
    }
}
