package org.dl4jsaliency.spark;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.Explainer;
import org.dl4jsaliency.engine.Precision;
import org.dl4jsaliency.engine.SaliencyEngine;
import org.dl4jsaliency.models.ModelFile;
import org.dl4jsaliency.probes.ModelInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of one executor JVM: each broadcast model file is loaded and its {@link Explainer} built once,
 * on first use, and shared by every later task and task thread of the JVM (an Explainer may be shared by
 * threads). Keyed by the file's SHA-256, the precision and the declared input shape, so two jobs on
 * different models or settings in one JVM do not mix.
 */
final class ExecutorModels {
    /** A loaded model with its explainer and input geometry. */
    record Loaded(Model model, Explainer explainer, ModelInput input) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger BUILDS = new AtomicInteger();

    private ExecutorModels() {
    }

    /**
     * The model of {@code file}, loaded from its bytes on first use in this JVM.
     *
     * @param name the model file's name (kept for ModelFile's format detection and messages)
     * @param sha  the bytes' SHA-256, the cache key
     */
    static Loaded get(String name, String sha, byte[] file, int[] inputShape, String precision) {
        return LOADED.computeIfAbsent(sha + "/" + precision + "/" + java.util.Arrays.toString(inputShape),
                k -> load(name, file, inputShape, precision));
    }

    /** How many models this JVM has loaded (a task re-using the cached explainer loads none). */
    static int builds() {
        return BUILDS.get();
    }

    private static Loaded load(String name, byte[] file, int[] inputShape, String precision) {
        long t0 = System.nanoTime();
        try {
            Path dir = Files.createTempDirectory("audit-spark-model");
            Path copy = dir.resolve(name);
            try {
                Files.write(copy, file);
                Model model = ModelFile.load(copy);
                // The cache owns the model and nothing changes its parameters: no engine copy is needed.
                Explainer explainer = Explainer.of(SaliencyEngine.builder(model).copyParameters(false)
                        .precision(Precision.parse(precision)).build());
                BUILDS.incrementAndGet();
                // The per-JVM start-up cost of a job, logged so that it can be told from the per-image cost.
                LOG.info("model {} ({} bytes) loaded and its explainer built in {} ms", name, file.length,
                        (System.nanoTime() - t0) / 1_000_000);
                return new Loaded(model, explainer, ModelInput.of(model, inputShape));
            } finally {
                Files.deleteIfExists(copy);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a local copy of model file " + name, e);
        }
    }
}
