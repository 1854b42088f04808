package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.measures.RandomisationCascade;
import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.probes.CascadingRandomisation;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.FigureRow;
import org.dl4jsaliency.report.Plot;
import org.dl4jsaliency.report.ProbeFigure;
import org.dl4jsaliency.report.Series;
import org.dl4jsaliency.report.Threshold;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cascading model-parameter randomisation (docs/algorithms.md §5.6): layers with weights are re-initialised
 * from the top down, one more per step, and each method's map on the smooth images is compared with the
 * trained model's map for the same classes ({@link RandomisationCascade}): Spearman ρ of |A| and of A, and
 * SSIM of |A| / max |A|.
 * The number is the mean ρ of |A| over the steps: a method whose map barely changes when the model is
 * destroyed explains the input, not the model. Lower is better.
 */
final class RandomisationCheck implements Check {
    static final String NAME = "randomisation";

    @Override
    public Outcome run(AuditContext ctx, Threshold threshold) {
        ImageSet images = ctx.probes().smooth();
        int[] targets = ctx.targets(images);
        CascadingRandomisation cascade = new CascadingRandomisation(ctx.model(), ctx.random(NAME).nextLong());
        List<Integer> steps = RandomisationCascade.steps(cascade.depth(), ctx.config().probes.randomisationSteps);
        List<String> names = cascade.layerNames();
        int methods = ctx.methods().size();
        double[][] absRho = new double[methods][steps.size()];
        double[][] rho = new double[methods][steps.size()];
        double[][] ssim = new double[methods][steps.size()];
        List<FigureRow> rows = new ArrayList<>();
        rows.add(new FigureRow("trained model", images.image(0),
                ctx.methodMaps(m -> Maps.channelSum(ctx.maps(images, m), 0))));
        for (int s = 0; s < steps.size(); s++) {
            long t0 = System.nanoTime();
            int k = steps.get(s);
            Model randomised = cascade.randomiseTop(k);
            Explainer ex = ctx.explainerOf(randomised);
            Map<String, INDArray> mapsAtStep = new LinkedHashMap<>();
            for (int j = 0; j < methods; j++) {
                AuditContext.MethodEntry m = ctx.methods().get(j);
                INDArray trained = ctx.maps(images, m);
                INDArray now = ctx.attribute(ex, m.method(), images.display(), targets);
                mapsAtStep.put(m.label(), now);
                RandomisationCascade.Similarity similarity = RandomisationCascade.of(trained, now);
                absRho[j][s] = Results.mean(similarity.absRho());
                rho[j][s] = Results.mean(similarity.rho());
                ssim[j][s] = Results.mean(similarity.ssim());
            }
            // ND4J frees a network's memory only when its Java objects are collected; at VGG16 size
            // each step's engine holds 0.5 GB that is garbage once the step is done.
            Nd4j.getMemoryManager().invokeGc();
            rows.add(new FigureRow("top " + k + " layer(s) randomised (down to '" + names.get(k - 1) + "')",
                    images.image(0), ctx.methodMaps(m -> Maps.channelSum(mapsAtStep.get(m.label()), 0))));
            ctx.progress(NAME, "top " + k + " of " + cascade.depth() + " layers randomised", t0);
        }
        double[] x = steps.stream().mapToDouble(Integer::doubleValue).toArray();
        List<CheckResult> results = new ArrayList<>();
        List<Series> series = new ArrayList<>();
        for (int j = 0; j < methods; j++) {
            AuditContext.MethodEntry m = ctx.methods().get(j);
            Map<String, Double> components = new LinkedHashMap<>();
            for (int s = 0; s < steps.size(); s++) {
                components.put("spearman-abs@" + steps.get(s), absRho[j][s]);
                components.put("spearman@" + steps.get(s), rho[j][s]);
                components.put("ssim@" + steps.get(s), ssim[j][s]);
            }
            results.add(CheckResult.judged(NAME, m.label(), Results.mean(absRho[j]), threshold,
                    "mean Spearman ρ of |A| against the trained model's map over " + steps.size() + " cascade step(s) of "
                    + cascade.depth() + " layers", components));
            series.add(new Series(m.label(), x, absRho[j], null));
        }
        Plot plot = new Plot("randomisation-similarity-vs-depth", "Map similarity as layers are randomised from the top",
                "layers randomised (from the output down)", "Spearman ρ of |A| vs trained", series);
        ProbeFigure figure = new ProbeFigure(NAME, "The first smooth image explained as the model is destroyed from "
                + "the top down; a trustworthy map changes.",
                ctx.methods().stream().map(AuditContext.MethodEntry::label).toList(), rows);
        return new Outcome(results, List.of(plot), List.of(figure));
    }
}
