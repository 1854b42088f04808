package org.dl4jsaliency.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Report files appear whole or not at all, and no temporary file outlives a call. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("report.json");
        Files.writeString(target, "old");
        AtomicFiles.write(target, utf8("new"));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("report.json"), names());
    }

    @Test
    void anUnwritableFolderLeavesNothingBehindAndIsNamed() throws IOException {
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "x");
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(dir.resolve("report.html"), utf8("<html>"));
        files.put(blocker.resolve("report.xml"), utf8("<testsuites/>"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeAll(files));
        assertTrue(e.getMessage().contains(blocker.toString()), e.getMessage());
        assertEquals(List.of("not-a-folder"), names());
    }

    @Test
    void aFailedRenameUndoesTheTargetsAlreadyMoved() throws IOException {
        // A non-empty folder cannot be replaced by a file, so the second rename fails after the first.
        Path occupied = dir.resolve("report.xml");
        Files.createDirectory(occupied);
        Files.writeString(occupied.resolve("keep"), "x");
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(dir.resolve("report.html"), utf8("<html>"));
        files.put(occupied, utf8("<testsuites/>"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeAll(files));
        assertTrue(e.getMessage().contains(occupied.toString()), e.getMessage());
        assertEquals(List.of("report.xml"), names());
        assertTrue(Files.isDirectory(occupied));
        assertFalse(Files.exists(dir.resolve("report.html")));
    }

    @Test
    void writeAllWritesEveryFile() throws IOException {
        AtomicFiles.writeAll(Map.of(dir.resolve("a.json"), utf8("{}"), dir.resolve("b.xml"), utf8("<x/>")));
        assertEquals(List.of("a.json", "b.xml"), names());
        assertEquals("<x/>", Files.readString(dir.resolve("b.xml")));
    }
}
