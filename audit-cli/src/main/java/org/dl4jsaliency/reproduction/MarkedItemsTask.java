package org.dl4jsaliency.reproduction;

import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4jsaliency.measures.RegionShares;
import org.dl4jsaliency.probes.InputSpace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The reproduction's task, derived from Fashion-MNIST: a garment with no mark (class 0), or with a
 * uniform square mark of one of two intensities at a random position (classes 1 and 2). Garments are
 * drawn with their contrast compressed into a band that no mark intensity falls in, so the mark's
 * intensity alone decides the class and the model must look at the mark: the evidence region is
 * known exactly, and occlusion confirms the model uses it.
 *
 * <p>The variants share the geometry (28 × 28 images, a 6 × 6 mark at least 2 px from the border):
 * <ul>
 *   <li>{@link Variant#DARK_BRIGHT}, inputs in [0, 1]: garments in [0.25, 0.75]; class 1 carries a
 *   black mark (exactly 0, the zero point of the model's inputs), class 2 a white one (1), the control.</li>
 *   <li>{@link Variant#MIDGRAY}, inputs scaled to [−1, 1]: garments as dark prints on white paper in
 *   [0.7, 1]; class 1 carries a mid-gray mark (0.5, the zero point of these inputs), class 2 a black
 *   one (0, now −1 for the model).</li>
 * </ul>
 */
public final class MarkedItemsTask {
    public static final int CLASSES = 3;
    public static final int SIDE = FashionMnist.SIDE;
    public static final int MARK = 6;
    private static final int MARGIN = 2;
    private static final int BATCH = 32;

    /**
     * A variant: the input range, the band garments are drawn in, the two mark intensities and the
     * network's architecture.
     */
    public enum Variant {
        DARK_BRIGHT("dark-bright", 0, 1, 0.25, 0.75, false, new double[] {0, 1}, new String[] {"black", "white"},
                TaskNetwork.GLOBAL_MAX_POOL),
        MIDGRAY("midgray", -1, 1, 0.7, 1.0, true, new double[] {0.5, 0}, new String[] {"mid-gray", "black"},
                TaskNetwork.GLOBAL_MAX_POOL),
        DENSE_HEAD("dense-head", 0, 1, 0.25, 0.75, false, new double[] {0, 1}, new String[] {"black", "white"},
                TaskNetwork.DENSE_HEAD);

        private final String id;
        private final InputSpace space;
        private final double lo;
        private final double hi;
        private final double itemLow;
        private final double itemHigh;
        private final boolean dark;
        private final double[] marks;
        private final String[] markNames;
        private final TaskNetwork network;

        Variant(String id, double lo, double hi, double itemLow, double itemHigh, boolean darkOnLight, double[] marks,
                String[] markNames, TaskNetwork network) {
            this.id = id;
            this.lo = lo;
            this.hi = hi;
            this.space = InputSpace.range(lo, hi);
            this.itemLow = itemLow;
            this.itemHigh = itemHigh;
            this.dark = darkOnLight;
            this.marks = marks;
            this.markNames = markNames;
            this.network = network;
        }

        /** The name used on the command line and in file names. */
        public String id() {
            return id;
        }

        /** The architecture of the variant's network. */
        public TaskNetwork network() {
            return network;
        }

        /** The model's input range over display intensities [0, 1]. */
        public InputSpace space() {
            return space;
        }

        /** The input range as text, e.g. "[-1, 1]". */
        public String range() {
            return String.format(Locale.ROOT, "[%s, %s]", (int) lo, (int) hi);
        }

        /** Display intensity of class {@code k}'s mark (k = 1, 2). */
        public double mark(int k) {
            return marks[k - 1];
        }

        /** Name of class {@code k}'s mark intensity (k = 1, 2), e.g. "black". */
        public String markName(int k) {
            return markNames[k - 1];
        }

        /**
         * The occlusion reference's fill in display units: mid-band garment intensity, which is neither mark,
         * so occluding a mark removes it.
         */
        public double occlusionFill() {
            return (itemLow + itemHigh) / 2;
        }

        /** The variant named {@code id}. */
        public static Variant of(String id) {
            for (Variant v : values()) {
                if (v.id.equals(id)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown task variant '" + id + "'; variants: "
                    + Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", ")));
        }
    }

    /**
     * Labelled examples.
     *
     * @param display  intensities [n, 1, 28, 28] in [0, 1], double
     * @param input    the model's inputs (display mapped into the variant's range), float
     * @param labels   one-hot [n, 3], float
     * @param classes  the class per example
     * @param regions  the mark's pixels per example (all false for class 0)
     * @param garments the Fashion-MNIST class of the garment per example
     */
    public record Examples(INDArray display, INDArray input, INDArray labels, int[] classes, boolean[][][] regions,
                           int[] garments) {
        public int size() {
            return classes.length;
        }

        /** Per example, the share of the map's |relevance| (summed over channels) on its mark; NaN for an all-zero map. */
        public double[] shares(INDArray map) {
            return RegionShares.of(map, Arrays.asList(regions));
        }

        /** The DL4J data set (inputs and labels). */
        public DataSet dataSet() {
            return new DataSet(input, labels);
        }
    }

    private final Variant variant;

    public MarkedItemsTask(Variant variant) {
        this.variant = variant;
    }

    public Variant variant() {
        return variant;
    }

    /**
     * {@code n} examples built from garments {@code from, from+1, …} of {@code items} (wrapping around),
     * seeded; classes cycle 0, 1, 2 unless {@code onlyClass} is 0, 1 or 2.
     */
    public Examples examples(FashionMnist.Items items, int from, int n, long seed, int onlyClass) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one example, got " + n);
        }
        if (onlyClass < -1 || onlyClass >= CLASSES) {
            throw new IllegalArgumentException("class " + onlyClass + " is not -1 (all) or 0.." + (CLASSES - 1));
        }
        Random rng = new Random(seed);
        int px = SIDE * SIDE;
        double[] x = new double[n * px];
        double[] y = new double[n * CLASSES];
        int[] classes = new int[n];
        int[] garments = new int[n];
        boolean[][][] regions = new boolean[n][SIDE][SIDE];
        for (int i = 0; i < n; i++) {
            int item = Math.floorMod(from + i, items.size());
            int label = onlyClass >= 0 ? onlyClass : i % CLASSES;
            classes[i] = label;
            garments[i] = items.labels()[item];
            y[i * CLASSES + label] = 1;
            float[] g = items.images()[item];
            for (int p = 0; p < px; p++) {
                double v = variant.dark ? 1 - g[p] : g[p];
                x[i * px + p] = variant.itemLow + (variant.itemHigh - variant.itemLow) * v;
            }
            // Drawn for every example so that the positions do not depend on the class mix.
            int top = MARGIN + rng.nextInt(SIDE - MARK - 2 * MARGIN + 1);
            int left = MARGIN + rng.nextInt(SIDE - MARK - 2 * MARGIN + 1);
            if (label > 0) {
                for (int r = top; r < top + MARK; r++) {
                    for (int c = left; c < left + MARK; c++) {
                        x[i * px + r * SIDE + c] = variant.mark(label);
                        regions[i][r][c] = true;
                    }
                }
            }
        }
        INDArray display = Nd4j.create(x, new long[] {n, 1, SIDE, SIDE}, DataType.DOUBLE);
        return new Examples(display, variant.space.toModel(display, DataType.FLOAT),
                Nd4j.create(y, new long[] {n, CLASSES}, DataType.FLOAT), classes, regions, garments);
    }

    /** The variant's untrained network ({@link Variant#network()}), seeded. */
    public MultiLayerNetwork network(long seed) {
        return variant.network.build(seed, CLASSES);
    }

    /**
     * Trains a fresh network on {@code train} (mini-batches of 32, shuffled per epoch, all seeded) with
     * the given listeners attached; returns it.
     */
    public MultiLayerNetwork train(Examples train, int epochs, long seed, TrainingListener... listeners) {
        MultiLayerNetwork net = network(seed);
        net.setListeners(listeners);
        DataSet all = train.dataSet().copy();
        for (int e = 0; e < epochs; e++) {
            all.shuffle(seed + 1 + e);
            // fit(iterator) runs one epoch and fires the listeners' epoch callbacks
            net.fit(new ExistingDataSetIterator(all.batchBy(BATCH)));
        }
        return net;
    }

    /** The share of {@code examples} that {@code net} classifies correctly. */
    public static double accuracy(MultiLayerNetwork net, Examples examples) {
        INDArray predicted = net.output(examples.input()).argMax(1);
        int right = 0;
        for (int i = 0; i < examples.size(); i++) {
            right += predicted.getInt(i) == examples.classes()[i] ? 1 : 0;
        }
        return (double) right / examples.size();
    }
}
