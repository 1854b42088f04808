package org.dl4jsaliency.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The doctor reports what the examined method declares of itself, not a list kept beside it. */
class DoctorCommandTest {
    private static final Path DEMO = Path.of("..", "zoo-configs", "models", "dark-square.zip").toAbsolutePath()
            .normalize();

    private static String doctor(String method) {
        CliRun r = CliRun.of("doctor", "--model", DEMO.toString(), "--input-shape", "1,16,16", "--method", method);
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    @Test
    void theDoctorSaysWhetherTheMapEndsMultipliedByTheInput() {
        assertTrue(doctor("rectgrad").contains("method rectgrad: map ends multiplied by the input: pixels at the "
                + "input's zero point get no relevance"));
        String noBias = doctor("nobias-rectgrad");
        assertTrue(noBias.contains("method nobias-rectgrad: map not multiplied by the input\n"), noBias);
        assertTrue(doctor("lrp-epsilon:first=flat").contains("method lrp-epsilon: map not multiplied by the input"),
                "the input-layer rule decides for LRP");
    }

    @Test
    void theDoctorNamesACompletenessDeltaOnlyWhereTheMethodHasOne() {
        assertTrue(doctor("integrated-gradients:multiply-input=false").contains("method integrated-gradients: map "
                + "not multiplied by the input; completeness delta per example"));
        assertFalse(doctor("gradient-x-input").contains("completeness"));
    }
}
