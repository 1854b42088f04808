package org.dl4jsaliency.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;

import org.dl4jsaliency.engine.Precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An audit configuration (a JSON file in {@code zoo-configs/} or anywhere): which model, how its inputs
 * are preprocessed, which methods, which checks with which thresholds, and the probe settings. Relative
 * paths in it are resolved against the file's folder. Unknown fields and invalid values are errors that
 * name the field and the file. The fields are public so that Jackson binds them and the command line can
 * override them; {@link #validate} checks the result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class AuditConfig {
    /** Inputs with more pixels than this (64×64) get the lighter probe defaults. */
    public static final int SMALL_INPUT_PIXELS = 64 * 64;
    /** Sweep levels for inputs up to {@link #SMALL_INPUT_PIXELS}. */
    public static final List<Double> LEVELS = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
    /** Sweep levels for larger inputs. */
    public static final List<Double> LARGE_INPUT_LEVELS = List.of(0.0, 0.25, 0.5, 0.75, 1.0);

    /** A short name, used for the report folder. */
    public String name;
    public String description;
    public ModelSpec model;
    public Preprocessing preprocessing = new Preprocessing();
    /** Seeds every probe, noise and randomisation. */
    public long seed;
    /** Method specs: a canonical name, optionally {@code name:key=value,key=value}. */
    public List<String> methods;
    /** The occlusion reference's window and stride in pixels (absent: scaled to the probe square). */
    public Reference reference = new Reference();
    public Probes probes = new Probes();
    /** Optional folder of the user's images, given the per-image metrics. */
    public String images;
    /**
     * True when {@link #images} holds one subfolder per class, read through DataVec's
     * {@code ImageRecordReader} with {@code ParentPathLabelGenerator}: each image's true class is its
     * folder, numbered in DataVec's (sorted) order.
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public boolean labelledImages;
    /** The class explained; absent means the predicted class of each input. */
    public Integer target;
    /**
     * True to explain each of the user's images for its true class rather than the predicted one (the
     * probes, which have no true class, keep the predicted one); needs labelled images.
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public boolean explainLabels;
    /** Check name → thresholds; only the checks named here run. */
    public Map<String, Thresholds> checks;
    /**
     * The type the maps are computed in: {@code model} (the model's own), {@code float} or {@code double}
     * ({@link Precision}); double for LRP-ε with a small ε, which float32 rounding distorts.
     */
    public String precision = Precision.MODEL.label();

    @JsonIgnore
    private Path source;

    /** Which model: exactly one of {@code file} or {@code zoo}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class ModelSpec {
        /** A DL4J ModelSerializer zip or a Keras .h5, relative to the configuration file. */
        public String file;
        /** A zoo model name (random weights, built with {@code inputShape}, {@code classes}, {@code seed}). */
        public String zoo;
        /** [channels, height, width]; needed for zoo models and for files whose input size is not recorded. */
        public List<Integer> inputShape;
        public Integer classes;
        public Long seed;
    }

    /** The declared input preprocessing: a value range, or per-channel mean and std. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Preprocessing {
        /** [lo, hi]: the model sees display intensities mapped linearly onto this range. */
        public List<Double> range;
        public List<Double> mean;
        public List<Double> std;
        /** The raw pixel maximum the mean and std refer to (e.g. 255). */
        public Double maxPixel;
    }

    /**
     * The occlusion reference: what the model really uses (docs/algorithms.md §4). Window and stride are
     * pixels; absent, the window is the probe square's side and the stride half of it, so the grid is at
     * the scale of the evidence the checks look for whatever the input size.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Reference {
        public Integer window;
        public Integer stride;
        /** The display intensity occluded windows are filled with (must differ from the zero point). */
        public double fill = 0.5;
    }

    /**
     * Probe settings, all seeded by {@link #seed}. Settings left absent get defaults that scale with the
     * input ({@link #applyScaledDefaults}): inputs of up to 64×64 pixels get 4 probe positions, 11 sweep
     * levels and a randomisation step per layer; larger inputs 2 positions, 5 levels and 4 steps.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Probes {
        /** Probe positions (images) per sweep level, smooth images, and real images used at most. */
        public Integer count;
        /** Side of the probe square in pixels; absent means a quarter of the smaller image side. */
        public Integer size;
        /** Background level of the sweep; absent means 0.5, or 0.85 if the zero point lies near 0.5. */
        public Double background;
        /** Amplitude of the background noise. */
        public double noise = 0.03;
        /** Intensities of the sweep; the zero point is added if missing. */
        public List<Double> levels;
        /** The display offset c of the shift re-encoding (a = 1). */
        public double shift = 0.25;
        /** Pixels masked at the border in the re-encoding comparison (for zero-padded first layers). */
        public int border = 0;
        /** Depth points of the randomisation cascade; 0 means every layer with weights. */
        public Integer randomisationSteps;
        /** Pixels the probe square keeps from the border. */
        public int margin = 1;
    }

    /** A check's thresholds (the direction is the check's own: see the check's documentation). */
    public static final class Thresholds {
        public Double warn;
        public Double fail;
    }

    /** The configuration file this was read from, or null when built in code. */
    public Path source() {
        return source;
    }

    /** Reads and validates {@code file}; every problem is an {@link IllegalArgumentException} naming the file. */
    public static AuditConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("configuration file not found: " + file);
        }
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.ALLOW_COMMENTS);
        AuditConfig c;
        try {
            c = mapper.readValue(file.toFile(), AuditConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("configuration " + file + ": unknown field '" + path(e) + "' (line "
                    + e.getLocation().getLineNr() + "); known fields here: " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("configuration " + file + ": invalid value for field '" + path(e)
                    + "' (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + "): "
                    + e.getOriginalMessage().split("\n")[0]);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("configuration " + file + " is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration " + file + " could not be read: " + e.getMessage());
        }
        if (c == null) {
            throw new IllegalArgumentException("configuration " + file + " is empty");
        }
        c.source = file.toAbsolutePath().normalize();
        return c;
    }

    /** A deep copy, from the same file: what a plan changes (overrides, scaled defaults) leaves this as it was. */
    public AuditConfig copy() {
        AuditConfig c = new ObjectMapper().convertValue(this, AuditConfig.class);
        // Absent fields are not written, so the copy would get the defaults where this has null.
        c.preprocessing = preprocessing == null ? null : c.preprocessing;
        c.reference = reference == null ? null : c.reference;
        c.probes = probes == null ? null : c.probes;
        c.precision = precision;
        c.source = source;
        return c;
    }

    /** Resolves {@code path} against the configuration's folder (or the working folder). */
    public Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || source == null ? p : source.getParent().resolve(p).normalize();
    }

    /** Checks every field; the message names the field and the file. */
    public void validate() {
        require(model != null, "model", "is missing");
        require((model.file == null) != (model.zoo == null), "model", "needs exactly one of 'file' or 'zoo'");
        require(!explainLabels || images == null || labelledImages, "explainLabels", "needs labelled images "
                + "(a folder of class subfolders with 'labelledImages', --labels on the command line)");
        validateAnalysis();
    }

    /**
     * Validates everything but where the model comes from: what an audit of a model already in memory
     * ({@link BiasAudit}) needs.
     */
    public void validateAnalysis() {
        require(name != null && name.matches("[A-Za-z0-9._-]+"), "name",
                "must be a non-empty name of letters, digits, '.', '_' or '-', got " + quoted(name));
        require(model != null, "model", "is missing");
        if (model.inputShape != null) {
            require(model.inputShape.size() == 3 && model.inputShape.stream().allMatch(v -> v != null && v > 0),
                    "model.inputShape", "must be [channels, height, width] of positive integers, got "
                            + model.inputShape);
        }
        if (model.zoo != null) {
            require(model.inputShape != null, "model.inputShape", "is needed for a zoo model");
            require(model.classes != null && model.classes > 1, "model.classes",
                    "must be at least 2 for a zoo model, got " + model.classes);
        }
        require(preprocessing != null, "preprocessing", "is missing");
        boolean range = preprocessing.range != null;
        boolean meanStd = preprocessing.mean != null || preprocessing.std != null;
        require(!(range && meanStd), "preprocessing",
                "give either 'range' or 'mean' and 'std', not both");
        if (range) {
            require(preprocessing.range.size() == 2 && preprocessing.range.get(1) > preprocessing.range.get(0),
                    "preprocessing.range", "must be [lo, hi] with hi > lo, got " + preprocessing.range);
        }
        if (meanStd) {
            require(preprocessing.mean != null && preprocessing.std != null
                            && preprocessing.mean.size() == preprocessing.std.size(), "preprocessing.mean",
                    "needs 'std' with the same number of channels");
            require(preprocessing.std.stream().allMatch(s -> s != null && s > 0), "preprocessing.std",
                    "must be positive, got " + preprocessing.std);
        }
        require(methods != null && !methods.isEmpty(), "methods", "must list at least one method");
        require(checks != null && !checks.isEmpty(), "checks", "must name at least one check with thresholds");
        for (Map.Entry<String, Thresholds> e : checks.entrySet()) {
            require(Checks.NAMES.contains(e.getKey()), "checks." + e.getKey(),
                    "is not a check; checks are " + Checks.NAMES);
            Thresholds t = e.getValue();
            require(t != null && t.warn != null && t.fail != null && Double.isFinite(t.warn)
                    && Double.isFinite(t.fail), "checks." + e.getKey(), "needs numeric 'warn' and 'fail' thresholds");
            try {
                threshold(e.getKey());
            } catch (IllegalArgumentException bad) {
                require(false, "checks." + e.getKey(), bad.getMessage());
            }
        }
        require(reference != null && (reference.window == null || reference.window > 0), "reference.window",
                "must be positive");
        require(reference.stride == null || reference.stride > 0, "reference.stride", "must be positive");
        require(reference.fill >= 0 && reference.fill <= 1, "reference.fill", "must lie in [0, 1]");
        require(probes != null && (probes.count == null || probes.count > 0), "probes.count", "must be positive");
        require(probes.size == null || probes.size > 0, "probes.size", "must be positive");
        require(probes.background == null || (probes.background >= 0 && probes.background <= 1),
                "probes.background", "must lie in [0, 1]");
        require(probes.noise >= 0 && probes.noise <= 0.5, "probes.noise", "must lie in [0, 0.5]");
        require(probes.levels == null || (!probes.levels.isEmpty()
                && probes.levels.stream().allMatch(v -> v != null && v >= 0 && v <= 1)), "probes.levels",
                "must be intensities in [0, 1]");
        require(probes.border >= 0, "probes.border", "must not be negative");
        require(probes.margin >= 0, "probes.margin", "must not be negative");
        require(probes.randomisationSteps == null || probes.randomisationSteps >= 0, "probes.randomisationSteps",
                "must not be negative");
        require(target == null || target >= 0, "target", "must be a class index >= 0");
        require(!(explainLabels && target != null), "explainLabels", "and 'target' both choose the explained class; "
                + "give one");
        try {
            Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            require(false, "precision", "must be model, float or double, got " + quoted(precision));
        }
    }

    /**
     * Fills the settings left absent with the defaults for an input of {@code height} × {@code width}
     * pixels (see {@link Probes} and {@link Reference}); settings already present are kept. The report
     * then records the values the audit used.
     *
     * @throws IllegalArgumentException if the probe square or the occlusion window does not fit the input
     */
    public void applyScaledDefaults(int height, int width) {
        boolean large = (long) height * width > SMALL_INPUT_PIXELS;
        if (probes.size == null) {
            probes.size = Math.max(1, Math.min(height, width) / 4);
        }
        if (probes.count == null) {
            probes.count = large ? 2 : 4;
        }
        if (probes.levels == null) {
            probes.levels = large ? LARGE_INPUT_LEVELS : LEVELS;
        }
        if (probes.randomisationSteps == null) {
            probes.randomisationSteps = large ? 4 : 0;
        }
        if (reference.window == null) {
            reference.window = probes.size;
        }
        if (reference.stride == null) {
            reference.stride = Math.max(1, reference.window / 2);
        }
        require(probes.size + 2 * probes.margin <= Math.min(height, width), "probes.size",
                "(" + probes.size + " px, with a margin of " + probes.margin + ") does not fit a " + height + "×"
                        + width + " input");
        require(reference.window <= Math.min(height, width), "reference.window",
                "(" + reference.window + " px) is larger than the " + height + "×" + width + " input");
    }

    /** The thresholds of check {@code name}, read in the check's own direction. */
    public org.dl4jsaliency.report.Threshold threshold(String name) {
        Thresholds t = checks.get(name);
        return new org.dl4jsaliency.report.Threshold(Checks.entry(name).higherIsBetter(), t.warn, t.fail);
    }

    /** The effective configuration as plain values (for the report header). */
    public Map<String, Object> asMap() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new ObjectMapper().convertValue(this, LinkedHashMap.class);
        return m;
    }

    /** Sorted list of check names configured. */
    public List<String> checkNames() {
        return new ArrayList<>(checks.keySet());
    }

    private void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("configuration " + (source == null ? "(built in)" : source)
                    + ": field '" + field + "' " + problem);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String quoted(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }
}
