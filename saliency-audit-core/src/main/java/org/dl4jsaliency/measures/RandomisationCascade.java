package org.dl4jsaliency.measures;

import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.metrics.RankCorrelation;
import org.dl4jsaliency.metrics.Ssim;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Cascading model-parameter randomisation (docs/algorithms.md §5.6): how similar a method's map on the
 * trained model is to its map on a copy whose top layers with weights were re-initialised. Per example,
 * with {@code A = Σ_c A_c} on the trained model, {@code B = Σ_c B_c} on the randomised copy and
 * {@code n(M) = |M| / max |M|}: Spearman ρ(n(A), n(B)), Spearman ρ(A, B) and SSIM(n(A), n(B)) (data range 1).
 * Which depths are measured is {@link #steps}; re-initialising the copy is
 * {@link org.dl4jsaliency.probes.CascadingRandomisation}. What the audit's randomisation check measures.
 */
public final class RandomisationCascade {
    private RandomisationCascade() {
    }

    /**
     * The similarities of one cascade step, one value per example; NaN where a map is constant (ρ undefined).
     *
     * @param absRho Spearman ρ of |A| / max |A| and |B| / max |B|
     * @param rho    Spearman ρ of A and B
     * @param ssim   SSIM of |A| / max |A| and |B| / max |B|
     */
    public record Similarity(double[] absRho, double[] rho, double[] ssim) {
    }

    /**
     * The similarity of each example's map on the trained model ({@code trained}, [N, C, H, W]) to its map on
     * the randomised copy ({@code randomised}, the same shape).
     *
     * @throws IllegalArgumentException when the shapes differ or a map has fewer than 2 pixels
     */
    public static Similarity of(INDArray trained, INDArray randomised) {
        if (!Arrays.equals(trained.shape(), randomised.shape())) {
            throw new IllegalArgumentException("randomised maps " + Arrays.toString(randomised.shape())
                    + " do not match the trained maps " + Arrays.toString(trained.shape()));
        }
        if (trained.rank() != 4 || trained.size(2) * trained.size(3) < 2) {
            throw new IllegalArgumentException("trained maps must be [N, C, H, W] with at least 2 pixels, got "
                    + Arrays.toString(trained.shape()));
        }
        int n = (int) trained.size(0);
        double[] absRho = new double[n];
        double[] rho = new double[n];
        double[] ssim = new double[n];
        for (int i = 0; i < n; i++) {
            double[][] before = Maps.channelSum(trained, i);
            double[][] after = Maps.channelSum(randomised, i);
            absRho[i] = RankCorrelation.spearman(Maps.flatten(Ssim.normalisedAbs(before)),
                    Maps.flatten(Ssim.normalisedAbs(after)));
            rho[i] = RankCorrelation.spearman(Maps.flatten(before), Maps.flatten(after));
            ssim[i] = Ssim.of(Ssim.normalisedAbs(before), Ssim.normalisedAbs(after), 1);
        }
        return new Similarity(absRho, rho, ssim);
    }

    /**
     * The cascade depths to measure, as numbers of top layers randomised: every depth 1 … {@code depth} when
     * {@code wanted} is 0 or at least {@code depth}, else the distinct {@code max(1, round(i · depth / wanted))}
     * for i = 1 … {@code wanted}, which ends at the input.
     *
     * @param depth  the number of layers with weights
     * @param wanted how many depths to measure; 0 for all
     * @throws IllegalArgumentException when {@code depth} is not positive (no layers with weights) or {@code wanted}
     *                                  is negative
     */
    public static List<Integer> steps(int depth, int wanted) {
        if (depth <= 0) {
            throw new IllegalArgumentException("the model has no layers with weights to randomise");
        }
        if (wanted < 0) {
            throw new IllegalArgumentException("wanted must not be negative, got " + wanted);
        }
        if (wanted == 0 || wanted >= depth) {
            List<Integer> all = new ArrayList<>();
            for (int k = 1; k <= depth; k++) {
                all.add(k);
            }
            return all;
        }
        TreeSet<Integer> chosen = new TreeSet<>();
        for (int i = 1; i <= wanted; i++) {
            chosen.add(Math.max(1, (int) Math.round((double) i * depth / wanted)));
        }
        return new ArrayList<>(chosen);
    }
}
