package org.dl4jsaliency;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's method table is checked against what each method declares ({@code multipliesInput()}),
 * and lists every registered method: the table restates nothing the code could contradict.
 */
class ReadmeMethodTableTest {
    private static final String HEADER = "| method | parameters (defaults) | input multiplied? |";
    private static final Pattern NAME = Pattern.compile("`([a-z0-9-]+)`");
    private static final Pattern YES_NO = Pattern.compile("(yes|no)( / (yes|no))*");

    private record Row(List<String> names, String multiplied) {
    }

    private static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int header = lines.indexOf(HEADER);
        assertTrue(header >= 0, "the README has the method table");
        List<Row> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|", -1);
            List<String> names = new ArrayList<>();
            Matcher m = NAME.matcher(cells[1]);
            while (m.find()) {
                names.add(m.group(1));
            }
            rows.add(new Row(names, cells[3].trim()));
        }
        return rows;
    }

    private static boolean multiplies(String name, Map<String, String> params) {
        return MethodRegistry.create(name, params).multipliesInput();
    }

    @Test
    void everyRegisteredMethodHasARow() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        rows().forEach(r -> documented.addAll(r.names()));
        assertEquals(MethodRegistry.names(), documented);
    }

    @Test
    void theInputMultipliedColumnIsWhatTheMethodsDeclare() throws IOException {
        int checked = 0;
        for (Row r : rows()) {
            String claim = r.multiplied();
            if (YES_NO.matcher(claim).matches()) {
                List<Boolean> says = List.of(claim.split(" / ")).stream().map("yes"::equals).toList();
                if (says.size() == 1) {
                    for (String name : r.names()) {
                        assertEquals(says.get(0), multiplies(name, Map.of()), name);
                    }
                } else if (says.size() == r.names().size()) {
                    for (int i = 0; i < says.size(); i++) {
                        assertEquals(says.get(i), multiplies(r.names().get(i), Map.of()), r.names().get(i));
                    }
                } else {
                    // one method, "default / with multiply-input flipped"
                    assertEquals(2, says.size(), claim);
                    String name = r.names().get(0);
                    assertEquals(says.get(0), multiplies(name, Map.of()), name);
                    assertEquals(says.get(1), multiplies(name, Map.of("multiply-input", String.valueOf(!says.get(0)))),
                            name + " with multiply-input flipped");
                }
            } else {
                switch (claim) {
                    case "by the input-layer rule" -> {
                        for (String name : r.names()) {
                            assertTrue(multiplies(name, Map.of()), name);
                            assertFalse(multiplies(name, Map.of("first", "flat")), name + " with a flat input layer");
                        }
                    }
                    case "Flat and zB inputs: no" -> {
                        assertFalse(multiplies("lrp-epsilon-plus-flat", Map.of()));
                        assertFalse(multiplies("lrp-epsilon-gamma-box", Map.of()));
                        assertTrue(multiplies("lrp-epsilon-plus", Map.of()));
                    }
                    case "as the base" -> {
                        for (String name : r.names()) {
                            assertFalse(multiplies(name, Map.of()), name);
                            assertTrue(multiplies(name, Map.of("base", "gradient-x-input")), name);
                        }
                    }
                    default -> throw new AssertionError("the README claims '" + claim + "' for " + r.names()
                            + "; say yes, no, or teach this test the claim");
                }
            }
            checked++;
        }
        assertTrue(checked >= 9, "rows checked: " + checked);
    }
}
