package org.dl4jsaliency.spark;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.MethodSpec;
import org.dl4jsaliency.audit.AuditPlan;
import org.dl4jsaliency.engine.Targets;
import org.dl4jsaliency.images.ImageBatch;
import org.dl4jsaliency.images.ImageFiles;
import org.dl4jsaliency.measures.IntensityCorrelation;
import org.dl4jsaliency.measures.ZeroPointMass;
import org.dl4jsaliency.methods.Attribution;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.models.ModelFile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference the distributed results are compared with: a folder of images read as one batch, explained
 * in one JVM by a fresh {@link Explainer} on the model file with the methods as the audit builds them, and
 * measured per image.
 */
final class SingleJvmExplanations {
    /** One image × method as the single JVM computes it; {@code zeroPointMass} NaN when undefined. */
    record Explanation(int target, double logit, float[] map, int zeroPointPixels, double zeroPointMass,
                       double intensityCorrelation) {
    }

    private SingleJvmExplanations() {
    }

    /** By "file-name method", for every image of {@code folder} (one 1-channel batch) and method of {@code settings}. */
    static Map<String, Explanation> of(Path folder, Path modelFile, ExplainSettings settings) {
        int[] s = settings.inputShape();
        ImageBatch batch = ImageFiles.read(folder, s[0], s[1], s[2]);
        Model model = ModelFile.load(modelFile);
        Explainer explainer = Explainer.of(model);
        INDArray display = batch.display();
        INDArray x = settings.space().toModel(display, model.params().dataType());
        INDArray logits = explainer.engine().logits(x);
        int[] predicted = new int[batch.names().size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = logits.getRow(i).argMax().getInt(0);
        }
        Targets targets = Targets.perExample(predicted);
        INDArray reference = explainer.explain(x, targets, settings.reference()).map();
        INDArray modelInput = settings.space().toModel(display, DataType.DOUBLE);
        Map<String, Explanation> out = new LinkedHashMap<>();
        for (String method : settings.methods()) {
            Attribution a = explainer.explain(x, targets, AuditPlan.method(MethodSpec.parse(method), settings.space()));
            for (int i = 0; i < predicted.length; i++) {
                boolean[][] zeroSet = ZeroPointMass.usedZeroPixels(modelInput, settings.space(), reference, i);
                out.put(batch.names().get(i) + " " + method, new Explanation(predicted[i], a.scores().getDouble(i),
                        a.map().get(NDArrayIndex.point(i)).castTo(DataType.FLOAT).dup('c').data().asFloat(),
                        ZeroPointMass.count(zeroSet),
                        ZeroPointMass.count(zeroSet) == 0 ? Double.NaN
                                : ZeroPointMass.of(Maps.magnitudeSum(a.map(), i), zeroSet),
                        IntensityCorrelation.of(a.map(), display, i, settings.zeroPoint())));
            }
        }
        return out;
    }
}
