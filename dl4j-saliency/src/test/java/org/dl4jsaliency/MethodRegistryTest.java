package org.dl4jsaliency;

import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.MethodFactory;
import org.dl4jsaliency.methods.RectifiedGradient;
import org.dl4jsaliency.methods.SmoothGrad;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry lists the methods' own factories and checks parameters against what each declares. */
class MethodRegistryTest {

    @Test
    void everyRegisteredNameBuildsAMethodThatReportsThatName() {
        assertTrue(MethodRegistry.names().size() >= 22, "built-in methods: " + MethodRegistry.names());
        for (String name : MethodRegistry.names()) {
            assertEquals(name, MethodRegistry.create(name).name());
            assertEquals(name, MethodRegistry.factory(name).name());
        }
    }

    @Test
    void parametersReachTheMethodThroughItsFactory() {
        AttributionMethod m = MethodRegistry.create("nobias-rectgrad", Map.of("multiply-input", "true"));
        assertTrue(m.multipliesInput());
        assertEquals(RectifiedGradient.NAME, m.name(), "multiplied, NoBias-RectGrad is RectGrad");
        SmoothGrad s = (SmoothGrad) MethodRegistry.create("smoothgrad", Map.of("base", "rectgrad", "base.q", "90"));
        assertTrue(s.multipliesInput(), "SmoothGrad multiplies as its base does");
    }

    @Test
    void anUnknownParameterIsAnErrorNamingItAndWhatTheMethodAccepts() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> MethodRegistry.create("occlusion", Map.of("windw", "4", "stride", "2"))).getMessage();
        assertTrue(msg.contains("[windw]") && msg.contains("window") && !msg.contains("[stride"), msg);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("guided-backprop",
                Map.of("q", "1"))).getMessage().contains("accepts none"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("no-such-method"))
                .getMessage().contains("known methods: [gradient"));
    }

    @Test
    void aNestedMethodsErrorNamesTheOuterParameter() {
        String msg = assertThrows(IllegalArgumentException.class, () -> MethodRegistry.create("vargrad",
                Map.of("base", "rectgrad", "base.tua", "0"))).getMessage();
        assertTrue(msg.startsWith("Method 'vargrad': parameter base=rectgrad with base.* parameters [tua]"), msg);
        assertTrue(msg.contains("'rectgrad' has no parameter(s) [tua]"), msg);
    }

    @Test
    void aFactoryAcceptsItsPrefixedParameters() {
        MethodFactory f = new MethodFactory("x", Set.of("base", "base.*"), p -> null);
        assertTrue(f.accepts("base") && f.accepts("base.q"));
        assertFalse(f.accepts("based") || f.accepts("q"));
        assertThrows(IllegalArgumentException.class, () -> new MethodFactory(" ", Set.of(), p -> null));
    }
}
