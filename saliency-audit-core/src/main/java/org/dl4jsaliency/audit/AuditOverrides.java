package org.dl4jsaliency.audit;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes to an audit configuration, given on top of it (the command line's flags): an immutable value
 * that {@link AuditPlan#resolve} applies to a copy of the configuration, never to the configuration
 * itself. Each setting is named in errors as the {@code ./saliency-audit audit} flag that sets it. Values
 * are checked where they are used, in {@link AuditPlan#resolve}.
 */
public final class AuditOverrides {
    /** No changes. */
    public static final AuditOverrides NONE = builder().build();

    private final Path modelFile;
    private final String zoo;
    private final int[] inputShape;
    private final Integer classes;
    private final Long modelSeed;
    private final List<String> methods;
    private final List<String> checks;
    private final Path images;
    private final double[] range;
    private final Integer probes;
    private final Long probeSeed;
    private final String precision;
    private final Boolean labelledImages;
    private final Boolean explainLabels;
    private final Integer target;

    private AuditOverrides(Builder b) {
        this.modelFile = b.modelFile;
        this.zoo = b.zoo;
        this.inputShape = b.inputShape == null ? null : b.inputShape.clone();
        this.classes = b.classes;
        this.modelSeed = b.modelSeed;
        this.methods = b.methods == null ? null : List.copyOf(b.methods);
        this.checks = b.checks == null ? null : List.copyOf(b.checks);
        this.images = b.images;
        this.range = b.range == null ? null : b.range.clone();
        this.probes = b.probes;
        this.probeSeed = b.probeSeed;
        this.precision = b.precision;
        this.labelledImages = b.labelledImages;
        this.explainLabels = b.explainLabels;
        this.target = b.target;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The methods that replace the configuration's, or null. */
    List<String> methods() {
        return methods;
    }

    /**
     * A copy of {@code config} with these changes; {@code config} is left as it was.
     *
     * @throws IllegalArgumentException when {@code --check} names a check the configuration has no
     *                                  thresholds for
     */
    public AuditConfig applyTo(AuditConfig config) {
        AuditConfig c = config.copy();
        if (modelFile != null || zoo != null) {
            AuditConfig.ModelSpec m = new AuditConfig.ModelSpec();
            m.file = modelFile == null ? null : modelFile.toAbsolutePath().toString();
            m.zoo = zoo;
            if (c.model != null) {
                m.inputShape = c.model.inputShape;
                m.classes = c.model.classes;
                m.seed = c.model.seed;
            }
            c.model = m;
        }
        if (c.model == null && (inputShape != null || classes != null || modelSeed != null)) {
            c.model = new AuditConfig.ModelSpec();
        }
        if (inputShape != null) {
            c.model.inputShape = Arrays.stream(inputShape).boxed().toList();
        }
        if (classes != null) {
            c.model.classes = classes;
        }
        if (modelSeed != null) {
            c.model.seed = modelSeed;
        }
        if (methods != null) {
            c.methods = methods;
        }
        if (checks != null) {
            Map<String, AuditConfig.Thresholds> kept = new LinkedHashMap<>();
            for (String name : checks) {
                if (c.checks == null || !c.checks.containsKey(name)) {
                    throw new IllegalArgumentException("--check: unknown or unconfigured check '" + name
                            + "'; this configuration has " + (c.checks == null ? "none" : c.checks.keySet()));
                }
                kept.put(name, c.checks.get(name));
            }
            c.checks = kept;
        }
        if (images != null) {
            c.images = images.toAbsolutePath().toString();
        }
        if (range != null) {
            c.preprocessing = new AuditConfig.Preprocessing();
            c.preprocessing.range = List.of(range[0], range[1]);
        }
        if (probes != null) {
            c.probes.count = probes;
        }
        if (probeSeed != null) {
            c.seed = probeSeed;
        }
        if (precision != null) {
            c.precision = precision;
        }
        if (labelledImages != null) {
            c.labelledImages = labelledImages;
        }
        if (explainLabels != null) {
            c.explainLabels = explainLabels;
            c.target = explainLabels ? null : c.target;
        }
        if (target != null) {
            c.target = target;
            c.explainLabels = false;
        }
        return c;
    }

    /** Builds {@link AuditOverrides}; every setting left unset keeps the configuration's value. */
    public static final class Builder {
        private Path modelFile;
        private String zoo;
        private int[] inputShape;
        private Integer classes;
        private Long modelSeed;
        private List<String> methods;
        private List<String> checks;
        private Path images;
        private double[] range;
        private Integer probes;
        private Long probeSeed;
        private String precision;
        private Boolean labelledImages;
        private Boolean explainLabels;
        private Integer target;

        private Builder() {
        }

        /** {@code --labels}: the images folder holds one subfolder per class (read through DataVec). */
        public Builder labelledImages(boolean on) {
            this.labelledImages = on;
            return this;
        }

        /** {@code --target label}: explain each of the user's images for its true class. */
        public Builder explainLabels(boolean on) {
            this.explainLabels = on;
            return this;
        }

        /** {@code --target N}: explain class {@code N} on every input. */
        public Builder target(int target) {
            this.target = target;
            return this;
        }

        /** {@code --model}: a model file instead of the configuration's model. */
        public Builder modelFile(Path file) {
            this.modelFile = file;
            return this;
        }

        /** {@code --zoo}: a zoo model with random weights instead of the configuration's model. */
        public Builder zoo(String name) {
            this.zoo = name;
            return this;
        }

        /** {@code --input-shape}: [channels, height, width]. */
        public Builder inputShape(int... shape) {
            if (shape.length != 3) {
                throw new IllegalArgumentException("--input-shape: needs channels, height, width, got "
                        + Arrays.toString(shape));
            }
            this.inputShape = shape.clone();
            return this;
        }

        /** {@code --classes}: a zoo model's class count. */
        public Builder classes(int classes) {
            this.classes = classes;
            return this;
        }

        /** {@code --seed}: a zoo model's weight seed. */
        public Builder modelSeed(long seed) {
            this.modelSeed = seed;
            return this;
        }

        /** {@code --method}: method specs replacing the configuration's list. */
        public Builder methods(List<String> specs) {
            this.methods = List.copyOf(specs);
            return this;
        }

        /** {@code --check}: run only these of the configured checks. */
        public Builder checks(List<String> names) {
            this.checks = List.copyOf(names);
            return this;
        }

        /** {@code --images}: a folder of the user's images. */
        public Builder images(Path folder) {
            this.images = folder;
            return this;
        }

        /** {@code --range}: the declared input range, replacing the configuration's preprocessing. */
        public Builder range(double lo, double hi) {
            this.range = new double[] {lo, hi};
            return this;
        }

        /** {@code --probes}: probe positions / smooth images. */
        public Builder probes(int count) {
            this.probes = count;
            return this;
        }

        /** {@code --probe-seed}: the seed of every probe, noise and randomisation. */
        public Builder probeSeed(long seed) {
            this.probeSeed = seed;
            return this;
        }

        /** {@code --precision}: model, float or double. */
        public Builder precision(String label) {
            this.precision = label;
            return this;
        }

        public AuditOverrides build() {
            return new AuditOverrides(this);
        }
    }
}
