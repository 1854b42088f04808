package org.dl4jsaliency.audit;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Probe geometry and workload follow the input size unless configured: the demo keeps the values it
 * was designed with, a 224² input gets a square and an occlusion grid at the same fraction of the side.
 */
class ScaledDefaultsTest {

    private static AuditConfig defaultConfig() {
        return AuditConfig.read(Path.of("..", "zoo-configs", "default.json"));
    }

    @Test
    void theDemoKeepsItsDesignedGeometry() {
        AuditConfig c = defaultConfig();
        c.applyScaledDefaults(16, 16);
        assertEquals(4, c.probes.size);
        assertEquals(4, c.reference.window);
        assertEquals(2, c.reference.stride);
        assertEquals(4, c.probes.count);
        assertEquals(List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), c.probes.levels);
        assertEquals(0, c.probes.randomisationSteps);
    }

    @Test
    void a224InputGetsTheSameFractionsAndALighterWorkload() {
        AuditConfig c = defaultConfig();
        c.applyScaledDefaults(224, 224);
        assertEquals(56, c.probes.size);
        assertEquals(56, c.reference.window);
        assertEquals(28, c.reference.stride);
        // (224 − 56) / 28 + 1 = 7 windows a side, against 111 for the demo's 4-px window.
        assertEquals(7, (224 - c.reference.window) / c.reference.stride + 1);
        assertEquals(2, c.probes.count);
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), c.probes.levels);
        assertEquals(4, c.probes.randomisationSteps);
    }

    @Test
    void theBoundaryIs64By64Pixels() {
        AuditConfig small = defaultConfig();
        small.applyScaledDefaults(64, 64);
        assertEquals(4, small.probes.count);
        AuditConfig large = defaultConfig();
        large.applyScaledDefaults(64, 65);
        assertEquals(2, large.probes.count);
    }

    @Test
    void configuredValuesAreKept() {
        AuditConfig c = defaultConfig();
        c.probes.size = 10;
        c.probes.count = 3;
        c.probes.levels = List.of(0.0, 1.0);
        c.probes.randomisationSteps = 2;
        c.reference.window = 12;
        c.applyScaledDefaults(224, 224);
        assertEquals(10, c.probes.size);
        assertEquals(3, c.probes.count);
        assertEquals(List.of(0.0, 1.0), c.probes.levels);
        assertEquals(2, c.probes.randomisationSteps);
        assertEquals(12, c.reference.window);
        assertEquals(6, c.reference.stride, "an absent stride is half the window given");
    }

    @Test
    void geometryThatDoesNotFitIsNamed() {
        AuditConfig window = defaultConfig();
        window.reference.window = 40;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> window.applyScaledDefaults(32, 32));
        assertTrue(e.getMessage().contains("reference.window") && e.getMessage().contains("default.json"), e.getMessage());
        AuditConfig square = defaultConfig();
        square.probes.size = 31;
        e = assertThrows(IllegalArgumentException.class, () -> square.applyScaledDefaults(32, 32));
        assertTrue(e.getMessage().contains("probes.size"), e.getMessage());
    }
}
