package org.dl4jsaliency.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs {@code scripts/check-html-report.sh} (headless Chromium) on a report page, for tests. */
public final class BrowserCheck {
    /** Where Debian's chromium package installs the browser; .ci/run installs it. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** The script's exit code and output. */
    public record Result(int code, String output) {
    }

    private BrowserCheck() {
    }

    public static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    /** Loads {@code html} in the browser and saves a screenshot to {@code shot}. */
    public static Result run(Path html, Path shot) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", script().toString(), html.toString(), shot.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "check-html-report.sh did not finish");
        return new Result(p.exitValue(), out);
    }

    private static Path script() {
        // Tests run in the module folder; the script lives at the repository root.
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("scripts/check-html-report.sh");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new AssertionError("scripts/check-html-report.sh not found above " + Path.of("").toAbsolutePath());
    }
}
