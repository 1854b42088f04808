package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.MethodRegistry;
import org.dl4jsaliency.MethodSpec;
import org.dl4jsaliency.images.DataVecImages;
import org.dl4jsaliency.images.ImageBatch;
import org.dl4jsaliency.images.ImageFiles;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.models.ModelFile;
import org.dl4jsaliency.models.ZooModels;
import org.dl4jsaliency.probes.InputSpace;
import org.dl4jsaliency.probes.ModelInput;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything an audit runs on, resolved and validated once: the effective configuration (overrides
 * applied, probe defaults scaled to the input), the model with its description and file hash, the
 * input geometry and preprocessing, the methods under audit and the user's images. Immutable to its
 * users: the configuration it was resolved from is never changed, and the model is only read.
 */
public final class AuditPlan {
    private final AuditConfig config;
    private final Model model;
    private final String modelDescription;
    private final String modelSha256;
    private final ModelInput input;
    private final InputSpace space;
    private final List<AuditContext.MethodEntry> methods;
    private final ImageSet images;

    private AuditPlan(AuditConfig config, Model model, String modelDescription, String modelSha256,
                      ImageBatch given, List<AuditContext.MethodEntry> methods) {
        this.config = config;
        this.model = model;
        this.modelDescription = modelDescription;
        this.modelSha256 = modelSha256;
        this.space = inputSpace(config);
        int[] shape = config.model.inputShape == null ? null
                : config.model.inputShape.stream().mapToInt(Integer::intValue).toArray();
        this.input = ModelInput.of(model, shape);
        if (space.channels() != 1 && space.channels() != input.channels()) {
            throw new IllegalArgumentException("preprocessing declares " + space.channels() + " channels but the model "
                    + "input has " + input.channels());
        }
        config.applyScaledDefaults(input.height(), input.width());
        this.images = images(given);
        this.methods = methods;
    }

    /**
     * Resolves a configuration with overrides: applies them to a copy, validates it, loads the model (a
     * file, hashed, or a zoo model with random weights) and the user's images.
     *
     * @throws IllegalArgumentException naming the field, flag or file at fault
     */
    public static AuditPlan resolve(AuditConfig config, AuditOverrides overrides) {
        AuditConfig c = overrides.applyTo(config);
        c.validate();
        List<AuditContext.MethodEntry> methods = methods(c, overrides.methods() != null);
        Model model;
        String description;
        String sha;
        if (c.model.zoo != null) {
            int[] shape = c.model.inputShape.stream().mapToInt(Integer::intValue).toArray();
            long seed = c.model.seed == null ? 42 : c.model.seed;
            model = ZooModels.create(c.model.zoo, c.model.classes, shape, seed);
            description = "zoo " + c.model.zoo + " (random weights, seed " + seed + ", " + c.model.classes
                    + " classes, input " + c.model.inputShape + ")";
            sha = null;
        } else {
            Path file = c.resolve(c.model.file);
            model = ModelFile.load(file);
            description = file.toString();
            sha = ModelFile.sha256(file);
        }
        ImageBatch images = null;
        if (c.images != null) {
            List<Integer> s = c.model.inputShape;
            if (s == null) {
                throw new IllegalArgumentException("configuration field 'model.inputShape' is needed to resize the images");
            }
            Path folder = c.resolve(c.images);
            images = c.labelledImages ? DataVecImages.readLabelledFolder(folder, s.get(0), s.get(1), s.get(2))
                    : ImageFiles.read(folder, s.get(0), s.get(1), s.get(2));
        }
        return new AuditPlan(c, model, description, sha, images, methods);
    }

    /**
     * A plan for a model already in memory (what {@link BiasAudit} runs): {@code config} needs no model
     * source, and {@code images} (display intensities, or null) are used as given.
     */
    static AuditPlan inMemory(AuditConfig config, Model model, String description, ImageBatch images) {
        AuditConfig c = config.copy();
        c.validateAnalysis();
        return new AuditPlan(c, model, description, null, images, methods(c, false));
    }

    /** The declared preprocessing of {@code config}: a range, or mean/std; [0, 1] when none is declared. */
    public static InputSpace inputSpace(AuditConfig config) {
        AuditConfig.Preprocessing p = config.preprocessing;
        if (p.mean != null) {
            return InputSpace.meanStd(p.mean.stream().mapToDouble(Double::doubleValue).toArray(),
                    p.std.stream().mapToDouble(Double::doubleValue).toArray(), p.maxPixel == null ? 1 : p.maxPixel);
        }
        if (p.range != null) {
            return InputSpace.range(p.range.get(0), p.range.get(1));
        }
        return InputSpace.range(0, 1);
    }

    /** The configuration's name (the report folder's default name). */
    public String name() {
        return config.name;
    }

    /** What the model is (file path or zoo recipe). */
    public String modelDescription() {
        return modelDescription;
    }

    /** The methods' report labels, in column order. */
    public List<String> methodLabels() {
        return methods.stream().map(AuditContext.MethodEntry::label).toList();
    }

    /** The checks that run, in configuration order. */
    public List<String> checkNames() {
        return config.checkNames();
    }

    AuditConfig config() {
        return config;
    }

    Model model() {
        return model;
    }

    String modelSha256() {
        return modelSha256;
    }

    ModelInput input() {
        return input;
    }

    InputSpace space() {
        return space;
    }

    List<AuditContext.MethodEntry> methods() {
        return methods;
    }

    /** The user's images, or null. */
    ImageSet images() {
        return images;
    }

    private ImageSet images(ImageBatch given) {
        if (given == null) {
            if (config.explainLabels) {
                throw new IllegalArgumentException("configuration " + where() + ": field 'explainLabels' explains the "
                        + "user's images for their true classes, but there are no images");
            }
            return null;
        }
        if (config.explainLabels && !given.labelled()) {
            throw new IllegalArgumentException("configuration " + where() + ": field 'explainLabels' needs labelled "
                    + "images (a folder of class subfolders with 'labelledImages', --labels on the command line)");
        }
        INDArray display = given.display();
        List<String> names = given.names();
        int[] classes = given.labels();
        if (config.images != null) {
            int keep = (int) Math.min(display.size(0), config.probes.count);
            display = display.get(NDArrayIndex.interval(0, keep)).dup();
            names = names.subList(0, keep);
            classes = classes == null ? null : java.util.Arrays.copyOf(classes, keep);
        }
        if (display.rank() != 4 || display.size(1) != input.channels() || display.size(2) != input.height()
                || display.size(3) != input.width()) {
            throw new IllegalArgumentException("images are " + java.util.Arrays.toString(display.shape())
                    + " but the model input is " + input.shape());
        }
        return new ImageSet("user images", display, names, config.explainLabels ? classes : null);
    }

    private String where() {
        return config.source() == null ? "(built in)" : config.source().toString();
    }

    /**
     * The method {@code spec} names, built as the audit builds it (and so the Spark job too): zB's pixel
     * bounds ({@code lrp-epsilon-gamma-box}, {@code first=zb}) follow from the declared preprocessing unless
     * the spec sets them.
     *
     * @throws IllegalArgumentException when the method or a parameter is unknown or invalid
     */
    public static AttributionMethod method(MethodSpec spec, InputSpace space) {
        Map<String, String> defaults = new LinkedHashMap<>();
        if (spec.name().equals("lrp-epsilon-gamma-box") || "zb".equals(spec.params().get("first"))) {
            double[] box = space.enclosingBox();
            defaults.put("low", Double.toString(box[0]));
            defaults.put("high", Double.toString(box[1]));
        }
        return spec.create(defaults);
    }

    /** The methods {@code config} lists, built before any model is loaded so that a typo fails fast. */
    private static List<AuditContext.MethodEntry> methods(AuditConfig config, boolean fromFlags) {
        InputSpace space = inputSpace(config);
        List<AuditContext.MethodEntry> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (String spec : config.methods) {
            String label = spec.trim();
            String blame = fromFlags ? "--method " + spec
                    : "configuration " + (config.source() == null ? "(built in)" : config.source()) + ": field 'methods'";
            if (!labels.add(label)) {
                throw new IllegalArgumentException(blame + " lists '" + label + "' twice");
            }
            MethodSpec parsed = null;
            try {
                parsed = MethodSpec.parse(spec);
                out.add(new AuditContext.MethodEntry(label, method(parsed, space)));
            } catch (IllegalArgumentException e) {
                boolean known = parsed != null && MethodRegistry.names().contains(parsed.name());
                throw new IllegalArgumentException(blame + ": " + e.getMessage()
                        + (known ? "" : "; methods are " + MethodRegistry.names()));
            }
        }
        return out;
    }
}
