package org.dl4jsaliency;

import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.Deconvnet;
import org.dl4jsaliency.methods.GradCam;
import org.dl4jsaliency.methods.Gradient;
import org.dl4jsaliency.methods.GuidedBackprop;
import org.dl4jsaliency.methods.GuidedGradCam;
import org.dl4jsaliency.methods.IntegratedGradients;
import org.dl4jsaliency.methods.LrpPresets;
import org.dl4jsaliency.methods.MethodFactory;
import org.dl4jsaliency.methods.MethodParams;
import org.dl4jsaliency.methods.Occlusion;
import org.dl4jsaliency.methods.RectifiedGradient;
import org.dl4jsaliency.methods.SmoothGrad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Canonical method names (the same in the API, the CLI's {@code --method}, configurations and
 * reports) and their construction from {@code name=value} parameters. The registry lists each
 * method's {@link MethodFactory}; adding a method is one class exposing its factory and one entry
 * here (or a {@link #register} call for a user's own method).
 */
public final class MethodRegistry {
    public static final String GRADIENT = Gradient.NAME;
    public static final String GRADIENT_X_INPUT = Gradient.X_INPUT_NAME;
    public static final String RECTGRAD = RectifiedGradient.NAME;
    public static final String NOBIAS_RECTGRAD = RectifiedGradient.NOBIAS_NAME;
    public static final String GUIDED_BACKPROP = GuidedBackprop.NAME;
    public static final String DECONVNET = Deconvnet.NAME;
    public static final String INTEGRATED_GRADIENTS = IntegratedGradients.NAME;
    public static final String SMOOTHGRAD = SmoothGrad.Aggregate.MEAN.methodName();
    public static final String SMOOTHGRAD_SQUARED = SmoothGrad.Aggregate.MEAN_OF_SQUARES.methodName();
    public static final String VARGRAD = SmoothGrad.Aggregate.VARIANCE.methodName();
    public static final String GRADCAM = GradCam.NAME;
    public static final String GUIDED_GRADCAM = GuidedGradCam.NAME;
    public static final String OCCLUSION = Occlusion.NAME;

    private static final Map<String, MethodFactory> METHODS = new LinkedHashMap<>();

    static {
        List<MethodFactory> builtIn = new ArrayList<>(List.of(Gradient.FACTORY, Gradient.X_INPUT_FACTORY,
                RectifiedGradient.FACTORY, RectifiedGradient.NOBIAS_FACTORY, GuidedBackprop.FACTORY,
                Deconvnet.FACTORY));
        builtIn.addAll(LrpPresets.FACTORIES);
        builtIn.addAll(List.of(IntegratedGradients.FACTORY, SmoothGrad.Aggregate.MEAN.factory(),
                SmoothGrad.Aggregate.MEAN_OF_SQUARES.factory(), SmoothGrad.Aggregate.VARIANCE.factory(),
                GradCam.FACTORY, GuidedGradCam.FACTORY, Occlusion.FACTORY));
        builtIn.forEach(MethodRegistry::register);
    }

    private MethodRegistry() {
    }

    /** Registers a method under its canonical name, replacing one registered before under that name. */
    public static synchronized void register(MethodFactory factory) {
        METHODS.put(factory.name(), factory);
    }

    /** The registered canonical names, in registration order. */
    public static synchronized Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(METHODS.keySet()));
    }

    /** The factory registered under {@code name}. */
    public static synchronized MethodFactory factory(String name) {
        MethodFactory f = METHODS.get(name);
        if (f == null) {
            throw new IllegalArgumentException("Unknown method '" + name + "'; known methods: " + names());
        }
        return f;
    }

    /** Builds a method with default parameters. */
    public static AttributionMethod create(String name) {
        return create(name, Map.of());
    }

    /**
     * Builds a method from {@code name=value} parameters.
     *
     * @throws IllegalArgumentException for an unknown method or parameter, or a bad value
     */
    public static AttributionMethod create(String name, Map<String, String> params) {
        MethodFactory f = factory(name);
        List<String> unknown = new TreeSet<>(params.keySet()).stream().filter(k -> !f.accepts(k)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Method '" + name + "' has no parameter(s) " + unknown
                    + "; it accepts " + (f.parameters().isEmpty() ? "none" : new TreeSet<>(f.parameters())));
        }
        return f.create().apply(new MethodParams(name, params, MethodRegistry::create));
    }
}
