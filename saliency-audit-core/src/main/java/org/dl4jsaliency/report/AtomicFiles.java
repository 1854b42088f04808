package org.dl4jsaliency.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes report files so that a reader (a CI job, a browser) never sees a half-written file and a failed
 * run never leaves a mix of new and stale reports: each file is written to a temporary file in its
 * target's folder and then renamed over the target. The folders must already exist. Temporary files
 * still on disk when the JVM is interrupted (SIGINT, SIGTERM) are deleted by a shutdown hook.
 */
public final class AtomicFiles {
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(AtomicFiles::deleteQuietly),
                "saliency-audit temporary files"));
    }

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} atomically; on failure nothing is left behind. */
    public static void write(Path target, byte[] bytes) {
        writeAll(Map.of(target, bytes));
    }

    /**
     * Writes every file, or none: on any failure the temporary files and the targets this call already
     * replaced are deleted, and the error is rethrown as an {@link UncheckedIOException} naming the path.
     */
    public static void writeAll(Map<Path, byte[]> files) {
        Map<Path, Path> temps = new LinkedHashMap<>(); // target -> its temporary file
        List<Path> moved = new ArrayList<>();
        boolean done = false;
        try {
            // Every file is complete on disk before the first rename, so a failure to write any of them
            // (full disk, unwritable folder) leaves the old targets untouched.
            for (Map.Entry<Path, byte[]> e : files.entrySet()) {
                Path target = e.getKey().toAbsolutePath();
                temps.put(target, writeTemp(target, e.getValue()));
            }
            for (Map.Entry<Path, Path> e : temps.entrySet()) {
                move(e.getValue(), e.getKey());
                moved.add(e.getKey());
            }
            done = true;
        } finally {
            if (!done) {
                temps.values().forEach(AtomicFiles::deleteQuietly);
                moved.forEach(AtomicFiles::deleteQuietly);
            }
            IN_FLIGHT.removeAll(temps.values());
        }
    }

    private static Path writeTemp(Path target, byte[] bytes) {
        Path folder = target.getParent();
        if (!Files.isDirectory(folder)) {
            throw new UncheckedIOException(new IOException("cannot write " + target + ": folder " + folder
                    + (Files.exists(folder) ? " is not a folder" : " does not exist")));
        }
        // A hidden name in the same folder keeps the rename on one file system (so it can be atomic) and
        // out of directory listings; CREATE_NEW (not createTempFile) keeps the umask's permissions, which
        // the renamed report then has.
        Path temp = folder.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        IN_FLIGHT.add(temp);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            deleteQuietly(temp);
            IN_FLIGHT.remove(temp);
            throw new UncheckedIOException("cannot write " + target + " (folder " + folder + "): " + e, e);
        }
        return temp;
    }

    private static void move(Path temp, Path target) {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort while already failing: the original error is the one worth reporting.
        }
    }
}
