package org.dl4jsaliency.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputFolderTest {

    @Test
    void aSecondRunOnTheSameFolderFailsAtOnceNamingTheLock(@TempDir Path dir) {
        Path out = dir.resolve("out");
        try (OutputFolder first = OutputFolder.claim(out)) {
            assertTrue(Files.isRegularFile(out.resolve(OutputFolder.LOCK_FILE)));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutputFolder.claim(out));
            assertTrue(e.getMessage().contains(out.resolve(OutputFolder.LOCK_FILE).toAbsolutePath().normalize()
                    .toString()) && e.getMessage().contains("in use by another run"), e.getMessage());
            first.succeeded();
        }
        assertFalse(Files.exists(out.resolve(OutputFolder.LOCK_FILE)), "lock removed on close");
        OutputFolder.claim(out).close();
    }

    @Test
    void aFailedRunRemovesTheEmptyFoldersItCreatedAndNothingElse(@TempDir Path dir) throws Exception {
        OutputFolder.claim(dir.resolve("a/b/c")).close();
        assertFalse(Files.exists(dir.resolve("a")), "a, a/b and a/b/c were created by the claim");
        assertTrue(Files.isDirectory(dir));

        Path existing = Files.createDirectories(dir.resolve("existing"));
        OutputFolder.claim(existing).close();
        assertTrue(Files.isDirectory(existing), "a folder that was there before is kept");

        try (OutputFolder f = OutputFolder.claim(dir.resolve("x/y"))) {
            Files.writeString(f.path().resolve("partial.npy"), "data");
        }
        assertTrue(Files.isRegularFile(dir.resolve("x/y/partial.npy")), "folders with files are kept");
    }

    @Test
    void aSuccessfulRunKeepsItsFolderWithoutTheLock(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("new");
        try (OutputFolder f = OutputFolder.claim(out)) {
            AtomicFiles.write(f.path().resolve("audit.json"), "{}".getBytes());
            f.succeeded();
        }
        try (var files = Files.list(out)) {
            assertEquals(java.util.List.of(out.resolve("audit.json").toAbsolutePath().normalize()),
                    files.map(p -> p.toAbsolutePath().normalize()).toList());
        }
    }

    @Test
    void aLockFileLeftByAKilledRunDoesNotBlock(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve(OutputFolder.LOCK_FILE), "pid 999999\n");
        OutputFolder.claim(out).close();
        assertFalse(Files.exists(out.resolve(OutputFolder.LOCK_FILE)));
    }

    @Test
    void aRegularFileIsNotAFolder(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("report"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> OutputFolder.claim(file));
        assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
    }
}
