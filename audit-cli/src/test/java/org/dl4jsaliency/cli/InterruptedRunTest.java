package org.dl4jsaliency.cli;

import org.dl4jsaliency.report.OutputFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An audit stopped by SIGTERM (what Ctrl-C and CI cancellation send) leaves neither its folder nor its lock. */
class InterruptedRunTest {

    @Test
    void sigtermDuringAChecksLeavesNoFolderLockOrTemporaryFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("reports");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dsaliency.home=" + Path.of("..").toAbsolutePath().normalize(),
                SaliencyAudit.class.getName(), "audit", "--config", "default", "--out", out.toString()))
                .redirectErrorStream(true).start();
        boolean checking = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("check ")) {
                    checking = true;
                    assertTrue(Files.isRegularFile(out.resolve(OutputFolder.LOCK_FILE)), "locked while running");
                    p.destroy();
                    break;
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the audit stops on SIGTERM");
        assertTrue(checking, "the audit reached its first check");
        assertFalse(Files.exists(out), "the folder the run created (and the lock in it) is removed");
    }
}
