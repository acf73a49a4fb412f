package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coi.plugin.debian.StepTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The record a test image carries from its build to later runs, as Incus image properties. */
class BuildRecordTest {

    private static final TestImageBuild.BuildRecord RECORD = new TestImageBuild.BuildRecord("abc123",
            List.of(new StepTime("debootstrap", Duration.ofMillis(24_512)), new StepTime("tool-claude",
                    Duration.ofMillis(10_700))),
            List.of("[coi] debootstrap bookworm", "[coi] WARNING: failing-tool could not be installed: x=1, y"),
            Path.of("/var/tmp/coi-offline-build-1"));

    @Test
    void whatAnImageCarriesComesBackAsItWas() {
        assertEquals(RECORD, TestImageBuild.BuildRecord.of(RECORD.properties(), "abc123"));
        assertEquals("debootstrap 24.5s, tool-claude 10.7s, total 35.2s", RECORD.summary());
    }

    @Test
    void anImageOfAnotherRecipeOrWithoutARecordHasNone() {
        assertNull(TestImageBuild.BuildRecord.of(RECORD.properties(), "def456"));
        Map<String, String> withoutSteps = new HashMap<>(RECORD.properties());
        withoutSteps.remove("coi-it.steps");
        assertNull(TestImageBuild.BuildRecord.of(withoutSteps, "abc123"));
        assertNull(TestImageBuild.BuildRecord.of(Map.of("description", "coi image"), "abc123"));
    }
}
