package org.dl4jsaliency.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A report folder held by one run. Claiming it creates it if needed and takes an exclusive lock (the
 * file {@value #LOCK_FILE} in it, locked by the operating system, so a lock left by a killed process
 * does not block the next run), so that a second run writing to the same folder fails at once instead
 * of mixing its reports with the first one's. Closing releases the lock and, unless the run
 * {@linkplain #succeeded() succeeded}, removes the folders the claim created if they are still empty.
 * An interrupted run (SIGINT, SIGTERM) is closed by a shutdown hook.
 */
public final class OutputFolder implements AutoCloseable {
    /** The lock file's name inside the folder. */
    public static final String LOCK_FILE = ".saliency-audit.lock";

    private final Path dir;
    private final List<Path> created;
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private final Thread hook;
    private boolean succeeded;
    private boolean closed;

    private OutputFolder(Path dir, List<Path> created, Path lockFile, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.created = created;
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
        this.hook = new Thread(this::close, "saliency-audit output folder " + dir);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Creates {@code dir} if needed and locks it for this run.
     *
     * @throws IllegalStateException  if another run holds the folder (the message names the lock file)
     * @throws UncheckedIOException   if the folder cannot be created or written, naming it
     */
    public static OutputFolder claim(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new UncheckedIOException("output folder " + dir + " is a file, not a folder",
                    new IOException(abs.toString()));
        }
        List<Path> created = new ArrayList<>();
        for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) {
            created.add(p);
        }
        Path lockFile = abs.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(abs);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("output folder " + dir + " is in use by another run (lock "
                        + lockFile + " is held); wait for it or choose another --out");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return new OutputFolder(abs, created, lockFile, channel, lock);
        } catch (IOException | SecurityException e) {
            closeQuietly(channel);
            removeEmpty(created);
            throw new UncheckedIOException("output folder not writable: " + dir + " (" + e + ")",
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM: another run in the same process
        }
    }

    /** The folder. */
    public Path path() {
        return dir;
    }

    /** Marks the run as finished with its reports written, so closing keeps the folder. */
    public void succeeded() {
        succeeded = true;
    }

    /** Releases the lock; removes the folders this claim created if the run failed and left them empty. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException ignored) {
            // A stale lock file is harmless: the next run takes the operating system's lock over it.
        }
        if (!succeeded) {
            removeEmpty(created);
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // The JVM is already shutting down.
            }
        }
    }

    /** Deletes {@code folders} (deepest first) while they are empty. */
    private static void removeEmpty(List<Path> folders) {
        for (Path p : folders) {
            try (Stream<Path> s = Files.list(p)) {
                if (s.findAny().isPresent()) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // Nothing more to do.
        }
    }
}
