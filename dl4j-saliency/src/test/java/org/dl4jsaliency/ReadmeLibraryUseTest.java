package org.dl4jsaliency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Use it in your project" stays true: its program compiles against the library (and a
 * backend, as a user's project would add) and prints what the README says; its dependency block names
 * this artifact; and the library itself depends on no ND4J backend outside its tests.
 */
class ReadmeLibraryUseTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String section() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Use it in your project");
        assertTrue(start >= 0, "README has the section");
        return readme.substring(start, readme.indexOf("\n## ", start + 1));
    }

    private static String block(String text, String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "a ```" + language + " block");
        return m.group(1);
    }

    @Test
    void theProgramCompilesRunsAndPrintsWhatTheReadmeSays(@TempDir Path dir) throws Exception {
        String section = section();
        Path source = dir.resolve("ExplainMyModel.java");
        Files.writeString(source, block(section, "java"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-classpath", System.getProperty("java.class.path"), "-d",
                dir.toString(), source.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        Matcher claim = Pattern.compile("`java ExplainMyModel (\\S+)` prints `([^`]+)`").matcher(section);
        assertTrue(claim.find(), "the README says what the program prints");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("ExplainMyModel").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {ROOT.resolve(claim.group(1)).toString()});
        } finally {
            System.setOut(stdout);
        }
        assertEquals(claim.group(2), printed.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void theDependencyBlockNamesThisArtifactWhichBringsNoBackend() throws Exception {
        Element pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve("dl4j-saliency/pom.xml").toFile()).getDocumentElement();
        String parentVersion = ((Element) pom.getElementsByTagName("parent").item(0))
                .getElementsByTagName("version").item(0).getTextContent();
        String xml = block(section(), "xml");
        assertTrue(xml.contains("<groupId>org.dl4jsaliency</groupId>\n  <artifactId>dl4j-saliency</artifactId>\n"
                + "  <version>" + parentVersion + "</version>"), xml);
        NodeList deps = ((Element) pom.getElementsByTagName("dependencies").item(0))
                .getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String artifact = d.getElementsByTagName("artifactId").item(0).getTextContent();
            NodeList scope = d.getElementsByTagName("scope");
            boolean backend = artifact.contains("nd4j.backend") || artifact.startsWith("nd4j-native")
                    || artifact.startsWith("nd4j-cuda");
            if (backend) {
                assertTrue(scope.getLength() == 1 && scope.item(0).getTextContent().equals("test"),
                        artifact + " must be test-scoped: the user's project picks the backend");
            }
        }
    }
}
