package org.dl4jsaliency;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code name:key=value,...} spelling shared by configurations, the command line and the listener. */
class MethodSpecTest {

    @Test
    void aSpecParsesIntoNameAndOrderedParametersAndPrintsBackAsWritten() {
        MethodSpec s = MethodSpec.parse(" smoothgrad : base=rectgrad, base.q=90 ,samples=4");
        assertEquals("smoothgrad", s.name());
        assertEquals(List.of("base", "base.q", "samples"), List.copyOf(s.params().keySet()));
        assertEquals("90", s.params().get("base.q"));
        assertEquals("smoothgrad:base=rectgrad,base.q=90,samples=4", s.toString());
        assertEquals(s, MethodSpec.parse(s.toString()));
        assertEquals(new MethodSpec("gradient", Map.of()), MethodSpec.parse("gradient"));
    }

    @Test
    void theSpecsParametersWinOverDefaults() {
        Map<String, String> multiply = Map.of("multiply-input", "true");
        assertFalse(MethodSpec.parse("gradient:multiply-input=false").create(multiply).multipliesInput());
        assertTrue(MethodSpec.parse("gradient").create(multiply).multipliesInput());
        assertFalse(MethodSpec.parse("gradient").create().multipliesInput());
    }

    @Test
    void malformedSpecsAreErrorsNamingThePart() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("rectgrad:q"))
                .getMessage().contains("'q'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("rectgrad:=3"))
                .getMessage().contains("'=3'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse(":q=3"))
                .getMessage().contains("no method name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("no-such:q=3").create())
                .getMessage().contains("no-such"));
    }
}
