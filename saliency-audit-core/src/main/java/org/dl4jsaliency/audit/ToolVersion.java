package org.dl4jsaliency.audit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this tool, as Maven filtered it into {@code saliency-audit-version.properties}. */
public final class ToolVersion {
    private static final String RESOURCE = "/saliency-audit-version.properties";

    private ToolVersion() {
    }

    /** The project version (e.g. {@code 0.1.0-SNAPSHOT}), or "unknown" outside a Maven build. */
    public static String get() {
        try (InputStream in = ToolVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v.strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
