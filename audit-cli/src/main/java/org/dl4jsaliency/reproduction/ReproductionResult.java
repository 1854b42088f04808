package org.dl4jsaliency.reproduction;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.dl4jsaliency.report.Plot;
import org.dl4jsaliency.report.ProbeFigure;
import org.dl4jsaliency.training.InputBiasListener;

import java.util.List;
import java.util.Map;

/**
 * Everything the reproduction measured: the trained models, the evidence experiments (1–3), the
 * re-encoding errors (4), the RectGrad threshold sweeps (5) and the training monitor's records; the
 * heatmap figures and plots go to the HTML only.
 */
public record ReproductionResult(String startedAt, double seconds, Map<String, Object> settings,
                                 List<TrainedModel> models, List<EvidenceExperiment> experiments,
                                 ReEncodingResult reEncoding, List<SweepExperiment> sweep,
                                 @JsonIgnore List<ProbeFigure> figures, @JsonIgnore List<Plot> plots) {

    /**
     * A model the reproduction trained.
     *
     * @param variant  the task variant ({@code dark-bright}, {@code midgray} or {@code dense-head})
     * @param range    its input range
     * @param network  its layers in words
     * @param file     where it was written, relative to the output folder
     * @param accuracy on {@code testExamples} examples built from Fashion-MNIST's test split
     * @param monitor  the training listener's records (dark- or mid-gray-mark share during training)
     */
    public record TrainedModel(String variant, String range, String network, String file, int examples, int epochs,
                               double seconds, double accuracy, int testExamples,
                               List<InputBiasListener.Record> monitor) {
    }

    /** One method's share of |relevance| in the evidence region, per image and summarised. */
    public record MethodShare(String method, Spread share, double[] perImage) {
    }

    /**
     * Experiments 1–3: how much of each method's |relevance| falls on the evidence mark.
     *
     * @param areaShare  the mark's share of the pixels (what a map spread evenly would give it)
     * @param occlusion  the model-agnostic reference: the share of the occlusion map
     * @param accuracy   the model's accuracy on these images (all of them carry the mark)
     */
    public record EvidenceExperiment(String id, String title, String model, String evidence, int targetClass,
                                     int images, double accuracy, double areaShare, MethodShare occlusion,
                                     List<MethodShare> methods) {
    }

    /**
     * Experiment 4: E per method and re-encoding, and how closely the rewritten networks reproduce the
     * logits (relative, so that E measures the method and not a different function).
     */
    public record ReEncodingResult(String model, int images, List<String> encodings, Map<String, Double> logitMismatch,
                                   Map<String, Map<String, Spread>> errors) {
    }

    /**
     * Experiment 5 on one model ({@link ThresholdSweep}).
     *
     * @param variant   the task variant of the model
     * @param model     the model in words: variant, layers, input range
     * @param areaShare the mark's share of the pixels
     * @param q         the percentiles of {@code rows}, in order
     * @param rows      one per percentile q
     * @param tauZero   the constant threshold τ = 0 (Guided Backprop), the reference the rows count against
     * @param distinct  per image, how many different maps the q settings give
     */
    public record SweepExperiment(String id, String title, String variant, String model, int images,
                                  double areaShare, double[] q, List<SweepRow> rows, SweepRow tauZero,
                                  DistinctMaps distinct) {
    }

    /**
     * One threshold setting of RectGrad and its no-bias variant, on dark and on white marks, and on how
     * many of the {@code images} the no-bias map is exactly the τ = 0 (Guided Backprop) map.
     */
    public record SweepRow(String setting, Spread rectgradDark, Spread nobiasDark, Spread rectgradBright,
                           Spread nobiasBright, int sameAsTauZeroDark, int sameAsTauZeroBright, int images) {
    }

    /**
     * Per image, the number of different maps over the q settings of a sweep (1: q does not matter; the
     * number of settings: every q gives its own map), per method and mark.
     */
    public record DistinctMaps(Spread rectgradDark, Spread nobiasDark, Spread rectgradBright, Spread nobiasBright) {
    }
}
