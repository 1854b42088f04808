package org.dl4jsaliency.engine;

import org.nd4j.linalg.api.buffer.DataType;

import java.util.Arrays;
import java.util.Locale;

/**
 * The floating point type an engine explains in ({@link SaliencyEngine.Builder#precision(Precision)}).
 * Most models are trained in float32, and most methods are well served by it; some are not. LRP-ε
 * passes a unit's relevance on in proportion to z / (z + ε·sign(z)), which swings between 0 and 1 as
 * z moves by ε. float32 computes z, a sum of many products, only to about 1e-7 of their magnitude, so
 * with the default ε = 1e-6 every unit whose |z| lies near ε passes on a share decided by rounding.
 * A large model has such units by the thousand: its float32 LRP-ε map can differ from the double
 * precision one by 1e-3 (relative to the largest value), where at ε = 1e-2 it differs by about 6e-7.
 * Explaining in double removes that error without retraining or converting the model by hand: the
 * engine converts its analysis copy, never the user's model.
 */
public enum Precision {
    /** The model's own parameter type (the default): no conversion. */
    MODEL,
    /** float32, whatever the model's type. */
    FLOAT,
    /** float64, whatever the model's type: for ill-conditioned methods such as LRP-ε with a small ε. */
    DOUBLE;

    /** The type an engine with this precision explains a model whose parameters are of {@code modelType} in. */
    public DataType dataType(DataType modelType) {
        return switch (this) {
            case MODEL -> modelType;
            case FLOAT -> DataType.FLOAT;
            case DOUBLE -> DataType.DOUBLE;
        };
    }

    /** The name used in configurations and on the command line: {@code model}, {@code float} or {@code double}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * How reports name a floating point type: {@code float}, {@code double}, {@code half} or
     * {@code bfloat16}, so that {@link #FLOAT} and {@link #DOUBLE} read the same as the types they ask for.
     */
    public static String labelOf(DataType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The precision named {@code label} (as {@link #label()} writes it, in any case).
     *
     * @throws IllegalArgumentException naming the choices when {@code label} is none of them
     */
    public static Precision parse(String label) {
        for (Precision p : values()) {
            if (p.label().equalsIgnoreCase(label == null ? "" : label.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("precision must be one of "
                + String.join(", ", Arrays.stream(values()).map(Precision::label).toList()) + ", got '" + label + "'");
    }
}
