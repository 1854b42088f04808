package org.dl4jsaliency.audit;

import org.dl4jsaliency.probes.ModelInput;
import org.dl4jsaliency.probes.SmoothImages;
import org.dl4jsaliency.probes.SquareProbe;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The audit's seeded inputs, built once and shared by the checks: the dark/bright sweep (squares at
 * every level on a fixed background), smooth random images, and the user's images if configured.
 */
final class ProbeSets {
    private final AuditConfig.Probes settings;
    private final ModelInput input;
    private final double[] zeroPoint;
    private final long seed;
    private final ImageSet real;
    private Sweep sweep;
    private ImageSet smooth;

    /**
     * @param settings  the probe settings, scaled defaults applied
     * @param zeroPoint the display intensity each channel sees as zero
     * @param seed      the audit's seed
     * @param real      the user's images, or null
     */
    ProbeSets(AuditConfig.Probes settings, ModelInput input, double[] zeroPoint, long seed, ImageSet real) {
        this.settings = settings;
        this.input = input;
        this.zeroPoint = zeroPoint.clone();
        this.seed = seed;
        this.real = real;
    }

    /** A fresh random stream for {@code purpose}, derived from {@code seed} (independent of call order). */
    static Random random(long seed, String purpose) {
        return new Random(seed * 1_000_003L + purpose.hashCode());
    }

    /** One sweep intensity: its display value per channel, and whether it is the zero point. */
    record Level(String label, double[] perChannel, boolean zeroPoint) {
        double mean() {
            double s = 0;
            for (double v : perChannel) {
                s += v;
            }
            return s / perChannel.length;
        }
    }

    /** The sweep: probes × levels, image index = probe · levels + level. */
    record Sweep(List<SquareProbe> probes, List<Level> levels, List<boolean[][]> masks, ImageSet images,
                 double background) {
        int index(int probe, int level) {
            return probe * levels.size() + level;
        }

        /** The index of the zero-point level, or −1 when the zero point lies outside [0, 1]. */
        int zeroLevel() {
            for (int l = 0; l < levels.size(); l++) {
                if (levels.get(l).zeroPoint()) {
                    return l;
                }
            }
            return -1;
        }
    }

    Sweep sweep() {
        if (sweep == null) {
            sweep = buildSweep();
        }
        return sweep;
    }

    ImageSet smooth() {
        if (smooth == null) {
            Random rng = random(seed, "smooth-images");
            INDArray images = SmoothImages.generate(settings.count, input.channels(), input.height(), input.width(), rng);
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < images.size(0); i++) {
                labels.add("smooth #" + (i + 1));
            }
            smooth = new ImageSet("smooth images", images, labels);
        }
        return smooth;
    }

    /** The user's images, or null when none are configured. */
    ImageSet real() {
        return real;
    }

    private Sweep buildSweep() {
        AuditConfig.Probes p = settings;
        ModelInput in = input;
        double[] z0 = zeroPoint;
        boolean zeroInside = true;
        for (double z : z0) {
            zeroInside &= z >= 0 && z <= 1;
        }
        double meanZero = 0;
        for (double z : z0) {
            meanZero += z / z0.length;
        }
        double background = p.background != null ? p.background : Math.abs(meanZero - 0.5) < 0.25 ? 0.85 : 0.5;
        List<Level> levels = new ArrayList<>();
        boolean zeroAdded = false;
        for (double v : p.levels.stream().sorted().toList()) {
            if (zeroInside && !zeroAdded && allClose(z0, v)) {
                levels.add(new Level(fmt(v) + " (zero point)", z0.clone(), true));
                zeroAdded = true;
                continue;
            }
            if (zeroInside && !zeroAdded && v > meanZero) {
                levels.add(new Level(fmt(meanZero) + " (zero point)", z0.clone(), true));
                zeroAdded = true;
            }
            double[] same = new double[in.channels()];
            java.util.Arrays.fill(same, v);
            levels.add(new Level(fmt(v), same, false));
        }
        if (zeroInside && !zeroAdded) {
            levels.add(new Level(fmt(meanZero) + " (zero point)", z0.clone(), true));
        }
        int size = p.size;
        Random rng = random(seed, "sweep");
        List<SquareProbe> probes = new ArrayList<>();
        List<boolean[][]> masks = new ArrayList<>();
        List<INDArray> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < p.count; i++) {
            SquareProbe probe = SquareProbe.random(in.channels(), in.height(), in.width(), size, p.margin,
                    background, p.noise, rng);
            probes.add(probe);
            masks.add(probe.mask());
            for (Level level : levels) {
                images.add(probe.render(level.perChannel()));
                labels.add("probe #" + (i + 1) + ", square at " + level.label());
            }
        }
        return new Sweep(probes, levels, masks, new ImageSet("probe sweep", Nd4j.stack(0, images.toArray(new INDArray[0])), labels),
                background);
    }

    private static boolean allClose(double[] z0, double v) {
        for (double z : z0) {
            if (Math.abs(z - v) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
