package org.dl4jsaliency.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Gate a release in your build" stays true: its JUnit test compiles against this module
 * and passes when run from a folder laid out like the repository root; its dependency block names this
 * artifact at this version.
 */
class ReadmeGateTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String section() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Gate a release in your build");
        assertTrue(start >= 0, "README has the section");
        return readme.substring(start, readme.indexOf("\n## ", start + 1));
    }

    private static String block(String text, String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "a ```" + language + " block");
        return m.group(1);
    }

    @Test
    void theReadmesGateTestCompilesAndPassesOnTheDemoModel(@TempDir Path dir) throws Exception {
        String java = block(section(), "java");
        Matcher name = Pattern.compile("class (\\w+)").matcher(java);
        assertTrue(name.find());
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = dir.resolve(name.group(1) + ".java");
        Files.writeString(source, java);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String classpath = System.getProperty("java.class.path");
        int rc = javac.run(null, null, diagnostics, "-classpath", classpath, "-d", classes.toString(), source.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        // A user's build runs it from the project root: give it one with the demo model where it looks.
        Path project = Files.createDirectories(dir.resolve("project/zoo-configs/models")).getParent().getParent();
        Files.copy(ROOT.resolve("zoo-configs/models/dark-square.zip"), project.resolve("zoo-configs/models/dark-square.zip"));
        Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java17.toString(), "-cp", classes + File.pathSeparator + classpath,
                TestMethodRunner.class.getName(), name.group(1))).directory(project.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the README's test finished");
        assertEquals(0, p.exitValue(), output);
        for (String f : List.of(AuditResult.HTML, AuditResult.JSON, AuditResult.JUNIT)) {
            assertTrue(Files.isRegularFile(project.resolve("target/saliency-audit").resolve(f)), f + " written");
        }
    }

    @Test
    void theDependencyBlockNamesThisArtifactAtThisVersion() throws Exception {
        String pom = Files.readString(ROOT.resolve("saliency-audit-core/pom.xml"));
        Matcher v = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertTrue(v.find());
        String xml = block(section(), "xml");
        assertTrue(xml.contains("<artifactId>saliency-audit-core</artifactId>\n  <version>" + v.group(1) + "</version>"),
                xml);
    }
}
