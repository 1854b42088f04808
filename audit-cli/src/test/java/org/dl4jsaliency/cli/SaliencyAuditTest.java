package org.dl4jsaliency.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit codes and one-line messages of the command line. */
class SaliencyAuditTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void doctorReportsEveryLayerAndTheMethodsRules() {
        CliRun r = run("doctor", "--zoo", "lenet", "--input-shape", "1,28,28", "--method", "rectgrad");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cnn1") && r.out().contains("rectify(q=98.0)") && r.out().contains("all layers supported"),
                r.out());
    }

    @Test
    void doctorShowsLrpCompositeRules() {
        CliRun r = run("doctor", "--zoo", "lenet", "--input-shape", "1,28,28", "--method", "lrp-epsilon-plus-flat");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("lrp-flat") && r.out().contains("lrp-alpha1-beta0"), r.out());
    }

    @Test
    void usageErrorsExitWithTwoAndOneLineNamingTheProblem() {
        CliRun unknown = run("frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown command 'frobnicate'"), unknown.err());

        CliRun method = run("doctor", "--zoo", "lenet", "--input-shape", "1,28,28", "--method", "magic");
        assertEquals(2, method.code());
        assertTrue(method.err().contains("Unknown method 'magic'"), method.err());
        assertFalse(method.err().contains("\tat "), "no stack trace without --verbose");

        CliRun param = run("doctor", "--zoo", "lenet", "--method", "rectgrad:q=abc");
        assertEquals(2, param.code());
        assertTrue(param.err().contains("q=abc"), param.err());

        CliRun zoo = run("doctor", "--zoo", "nosuchnet");
        assertEquals(2, zoo.code());
        assertTrue(zoo.err().contains("nosuchnet"), zoo.err());

        CliRun twice = run("doctor", "--zoo", "lenet", "--input-shape", "1,28,28", "--input-shape", "1,32,32");
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("--input-shape is given 2 times; it takes one value"), twice.err());
    }

    @Test
    void missingOrCorruptModelFilesExitWithTwo(@TempDir Path dir) throws Exception {
        CliRun missing = run("doctor", "--model", dir.resolve("none.zip").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("not found"), missing.err());

        Path corrupt = dir.resolve("corrupt.zip");
        Files.writeString(corrupt, "this is not a zip");
        CliRun bad = run("doctor", "--model", corrupt.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("corrupt.zip") && bad.err().contains("not a DL4J ModelSerializer zip"), bad.err());
    }

    @Test
    void helpExitsWithZero() {
        CliRun r = run("bench", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--batch") && r.out().contains("--models"), r.out());
    }

    @Test
    void versionIsTheProjectsAndReportsCarryIt(@TempDir Path dir) throws Exception {
        CliRun r = run("--version");
        assertEquals(0, r.code(), r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^saliency-audit (\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?) \\(Deeplearning4j 1\\.0\\.0-M2\\.1, Java ")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        String pom = java.nio.file.Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<version>" + m.group(1) + "</version>"), "the version of audit-cli/pom.xml");
        Path out = dir.resolve("out");
        CliRun audit = run("audit", "--method", "gradient", "--check", "zero-point", "--probes", "2", "--out",
                out.toString(), "--warn-only");
        assertEquals(0, audit.code(), audit.err());
        assertTrue(java.nio.file.Files.readString(out.resolve("audit.json")).contains("\"dl4j-saliency\" : \""
                + m.group(1) + "\""), "audit.json names the version");
    }
}
