package org.dl4jsaliency.audit;

import org.dl4jsaliency.engine.SaliencyEngine;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Progress and an estimated time left for one long audit step, printed every {@value #PERIOD_SECONDS}
 * seconds while the step runs (short steps print nothing). Progress is the number of examples the
 * engine has processed since the step began against the number the step needs; the estimate assumes
 * the rate so far.
 */
final class ProgressTicker implements AutoCloseable {
    static final long PERIOD_SECONDS = 15;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-progress");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> task;

    private ProgressTicker(ScheduledFuture<?> task) {
        this.task = task;
    }

    /**
     * Starts reporting on {@code what}, which will make {@code engine} process {@code passes} examples.
     * Close it when the step ends.
     */
    static ProgressTicker start(PrintStream out, String what, SaliencyEngine engine, long passes) {
        return start(out, what, engine, passes, TimeUnit.SECONDS.toMillis(PERIOD_SECONDS));
    }

    /** As {@link #start(PrintStream, String, SaliencyEngine, long)}, reporting every {@code periodMillis}. */
    static ProgressTicker start(PrintStream out, String what, SaliencyEngine engine, long passes, long periodMillis) {
        long start = System.nanoTime();
        long before = engine.examplesProcessed();
        Runnable report = () -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            long done = Math.min(passes, engine.examplesProcessed() - before);
            String left = done == 0 ? "estimating" : String.format(Locale.ROOT, "~%.0f s left",
                    elapsed * (passes - done) / done);
            out.printf(Locale.ROOT, "    ... %s: %d of %d passes, %.0f s elapsed, %s%n", what, done, passes, elapsed,
                    left);
            out.flush();
        };
        return new ProgressTicker(TIMER.scheduleAtFixedRate(report, periodMillis, periodMillis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
