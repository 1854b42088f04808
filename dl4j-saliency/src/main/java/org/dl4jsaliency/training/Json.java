package org.dl4jsaliency.training;

/**
 * The two JSON writers the records need, by hand because the library does not depend on a JSON
 * library (DL4J only brings a shaded one that is not its public API).
 */
final class Json {
    private Json() {
    }

    /** A JSON string literal; control characters escaped so that a label can never break a line. */
    static void string(StringBuilder s, String value) {
        s.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\b' -> s.append("\\b");
                case '\f' -> s.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        s.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }

    /** A JSON number that reads back to the same double, or null for NaN and infinities, which JSON lacks. */
    static void number(StringBuilder s, double value) {
        s.append(Double.isFinite(value) ? Double.toString(value) : "null");
    }
}
