package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.dl4jsaliency.engine.Precision;

/**
 * {@code --precision float|double|model}: the floating point type the maps are computed in
 * ({@link Precision}), shared by {@code explain} and {@code audit}.
 */
final class PrecisionOption {
    static final String NAME = "precision";

    private PrecisionOption() {
    }

    static Options add(Options o) {
        return o.addOption(Option.builder().longOpt(NAME).hasArg().argName("float|double|model")
                .desc("compute the maps in this type on a converted copy of the model (default model: the "
                        + "model's own type); double for LRP-ε with a small ε, which float32 rounding distorts")
                .build());
    }

    /**
     * The precision given, or {@link Precision#MODEL} when the option is absent; a value that names none
     * is a usage error naming the option.
     */
    static Precision of(CommandLine line) {
        if (!line.hasOption(NAME)) {
            return Precision.MODEL;
        }
        String value = line.getOptionValue(NAME);
        try {
            return Precision.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + NAME + " must be float, double or model, got '" + value + "'", e);
        }
    }
}
