package org.dl4jsaliency.measures;

import org.dl4jsaliency.metrics.Maps;
import org.dl4jsaliency.metrics.RelevanceShare;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * The share of |relevance| in a region per example (docs/algorithms.md §5.1), over maps summed over
 * channels: what the audit's probe sweep and the reproduction's evidence experiments measure.
 */
public final class RegionShares {
    private RegionShares() {
    }

    /**
     * F_M of each example of {@code maps} [N, C, H, W] for its region ({@code regions.get(i)}, [H][W]);
     * NaN for an all-zero map.
     */
    public static double[] of(INDArray maps, List<boolean[][]> regions) {
        if (regions.size() != maps.size(0)) {
            throw new IllegalArgumentException(maps.size(0) + " maps but " + regions.size() + " regions");
        }
        double[] s = new double[regions.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = RelevanceShare.of(Maps.channelSum(maps, i), regions.get(i));
        }
        return s;
    }
}
