package org.dl4jsaliency;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The front door ({@code org.dl4jsaliency}: Explainer, MethodRegistry, MethodSpec) sits on top: it
 * imports the engine and the methods, and none of the packages below imports it back. The training
 * listener is a user of the front door, above it.
 */
class LibraryLayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/org/dl4jsaliency");
    private static final Pattern FRONT_DOOR_IMPORT = Pattern.compile("^import (static )?org\\.dl4jsaliency\\.[A-Z]");

    @Test
    void noPackageBelowTheFrontDoorImportsIt() throws IOException {
        assertTrue(Files.isDirectory(SOURCES.resolve("methods")), "run from the module folder: " + SOURCES.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            offenders = files.filter(f -> f.toString().endsWith(".java") && !f.getParent().equals(SOURCES))
                    .filter(f -> !f.startsWith(SOURCES.resolve("training")))
                    .flatMap(f -> lines(f).stream().filter(l -> FRONT_DOOR_IMPORT.matcher(l).find())
                            .map(l -> SOURCES.relativize(f) + ": " + l))
                    .toList();
        }
        assertEquals(List.of(), offenders);
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
