package org.dl4jsaliency.cli;

import org.dl4jsaliency.MethodSpec;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.report.OutputFolder;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Parsing helpers for option values, with errors that name the option. */
final class Args {
    private Args() {
    }

    static int positiveInt(String option, String value) {
        return atLeast(option, value, 1, "a positive integer");
    }

    static int nonNegativeInt(String option, String value) {
        return atLeast(option, value, 0, "a non-negative integer");
    }

    private static int atLeast(String option, String value, int min, String what) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " must be " + what + ", got '" + value + "'");
        }
    }

    static int[] shape(String option, String value) {
        String[] parts = value.split("[,x]");
        int[] s = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            s[i] = positiveInt(option, parts[i]);
        }
        return s;
    }

    /** Exactly {@code count} comma-separated finite numbers. */
    static double[] numbers(String option, String value, int count) {
        String[] parts = value.split(",");
        if (parts.length != count) {
            throw new UsageException("--" + option + " needs " + count + " comma-separated numbers, got '" + value + "'");
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                out[i] = Double.NaN;
            }
            if (!Double.isFinite(out[i])) {
                throw new UsageException("--" + option + " needs numbers, got '" + parts[i].trim() + "'");
            }
        }
        return out;
    }

    /** {@code name} or {@code name:key=value,key=value}. */
    static AttributionMethod method(String spec) {
        return method(spec, Map.of());
    }

    /**
     * {@code name} or {@code name:key=value,key=value}, with {@code defaults} for the parameters the
     * spec does not set.
     */
    static AttributionMethod method(String spec, Map<String, String> defaults) {
        try {
            return MethodSpec.parse(spec).create(defaults);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /**
     * Creates and locks a command's output folder before any work is done (see {@link OutputFolder}); a
     * folder held by another run, or one that cannot be written, is a usage error naming it.
     */
    static OutputFolder outputFolder(Path dir) {
        try {
            return OutputFolder.claim(dir);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
