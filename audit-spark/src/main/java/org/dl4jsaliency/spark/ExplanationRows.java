package org.dl4jsaliency.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The explain job's output rows, one per image × method. A row holds either the explanation (target,
 * logit, per-image measures, optionally the map) or an error saying why the image could not be explained;
 * undefined measures (an image without zero-point pixels, a constant map) are null, never NaN.
 */
public final class ExplanationRows {
    public static final String IMAGE = "image";
    public static final String METHOD = "method";
    public static final String TARGET = "target";
    public static final String LOGIT = "logit";
    /** Pixels in the zero-point set (docs/algorithms.md §5.3). */
    public static final String ZERO_POINT_PIXELS = "zero_point_pixels";
    /** {@link org.dl4jsaliency.measures.ZeroPointMass}: null without zero-point pixels or for an all-zero map. */
    public static final String ZERO_POINT_MASS = "zero_point_mass";
    /** {@link org.dl4jsaliency.measures.IntensityCorrelation}: null for a constant map. */
    public static final String INTENSITY_CORRELATION = "intensity_correlation";
    /**
     * {@link org.dl4jsaliency.measures.RegionShares}: the share of |relevance| in the image's mask; null
     * without a mask or for an all-zero map.
     */
    public static final String REGION_SHARE = "region_share";
    /** The map [C, H, W] flattened in C-order, as float32; null unless maps were asked for. */
    public static final String MAP = "map";
    public static final String ERROR = "error";

    /** The output schema. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
            DataTypes.createStructField(IMAGE, DataTypes.StringType, false),
            DataTypes.createStructField(METHOD, DataTypes.StringType, false),
            DataTypes.createStructField(TARGET, DataTypes.IntegerType, true),
            DataTypes.createStructField(LOGIT, DataTypes.DoubleType, true),
            DataTypes.createStructField(ZERO_POINT_PIXELS, DataTypes.IntegerType, true),
            DataTypes.createStructField(ZERO_POINT_MASS, DataTypes.DoubleType, true),
            DataTypes.createStructField(INTENSITY_CORRELATION, DataTypes.DoubleType, true),
            DataTypes.createStructField(REGION_SHARE, DataTypes.DoubleType, true),
            DataTypes.createStructField(MAP, DataTypes.createArrayType(DataTypes.FloatType, false), true),
            DataTypes.createStructField(ERROR, DataTypes.StringType, true)});

    private ExplanationRows() {
    }

    /** The row of an explained image. */
    static Row explained(String image, String method, int target, double logit, int zeroPointPixels,
                         double zeroPointMass, double intensityCorrelation, double regionShare, float[] map) {
        return RowFactory.create(image, method, target, logit, zeroPointPixels,
                zeroPointPixels == 0 ? null : definedOrNull(zeroPointMass), definedOrNull(intensityCorrelation),
                definedOrNull(regionShare), map, null);
    }

    /** The row of an image that could not be read or explained. */
    static Row failed(String image, String method, String error) {
        return RowFactory.create(image, method, null, null, null, null, null, null, null, error);
    }

    private static Double definedOrNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
