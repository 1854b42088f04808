package org.dl4jsaliency.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project folder that holds {@code zoo-configs/} and {@code reports/}: the {@code saliency.home}
 * system property (set by the launcher), else the nearest folder at or above the working folder that
 * has {@code zoo-configs/}, else the working folder.
 */
final class Home {
    private Home() {
    }

    static Path path() {
        String home = System.getProperty("saliency.home");
        if (home != null) {
            return Path.of(home);
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("zoo-configs"))) {
                return p;
            }
        }
        return cwd;
    }
}
