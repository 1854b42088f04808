package org.dl4jsaliency;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's packages import one way: {@code spi} (what a rule or a rule assignment is written
 * against) at the bottom with {@code metrics}; {@code rules} and {@code engine} on the SPI only;
 * {@code methods} on those; the front door ({@code org.dl4jsaliency}: Explainer, MethodRegistry,
 * MethodSpec) on top; the training listener a user of the front door.
 */
class LibraryLayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/org/dl4jsaliency");
    private static final String FRONT_DOOR = "(front door)";
    private static final Map<String, Set<String>> MAY_IMPORT = Map.of(
            "spi", Set.of(),
            "metrics", Set.of(),
            "rules", Set.of("spi"),
            "engine", Set.of("spi"),
            "methods", Set.of("spi", "rules", "engine"),
            FRONT_DOOR, Set.of("spi", "engine", "methods"),
            "training", Set.of(FRONT_DOOR, "spi", "engine", "methods", "metrics"));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.dl4jsaliency\\.([a-z]+\\.)?[A-Z]");

    @Test
    void everyPackageImportsOnlyThePackagesBelowIt() throws IOException {
        assertTrue(Files.isDirectory(SOURCES.resolve("spi")), "run from the module folder: " + SOURCES.toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = f.getParent().equals(SOURCES) ? FRONT_DOOR : SOURCES.relativize(f.getParent()).toString();
                packages.add(pkg);
                Set<String> allowed = MAY_IMPORT.get(pkg);
                for (String line : lines(f)) {
                    Matcher m = IMPORT.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    String target = m.group(1) == null ? FRONT_DOOR : m.group(1).substring(0, m.group(1).length() - 1);
                    if (!target.equals(pkg) && (allowed == null || !allowed.contains(target))) {
                        offenders.add(SOURCES.relativize(f) + ": " + line);
                    }
                }
            }
        }
        assertEquals(MAY_IMPORT.keySet(), Set.copyOf(packages), "every package has its place in the layering");
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
