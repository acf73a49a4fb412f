package dev.coi.kernel.sessions.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionContainer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code coi list} shows of a container comes from the container: labels and configuration. */
class ContainerSummaryTest {

    private static final Instant CREATED = Instant.parse("2026-01-31T10:00:00Z");

    private static ContainerSummary summary(Map<String, String> config) {
        return summary(config, null);
    }

    private static ContainerSummary summary(Map<String, String> config, String location) {
        return ContainerSummary.of(SessionContainer.of(new Instance("coi-9dad1e4e-1", "container", "Stopped", false,
                config, Map.of(), Map.of(), Map.of(), List.of(), CREATED, null, location)), Optional.empty());
    }

    @Test
    void theMemberIsTheInstancesLocationOnAClusterOnly() {
        assertEquals(Optional.of("member1"), summary(Map.of(), "member1").member());
        assertEquals(Optional.empty(), summary(Map.of(), "none").member(), "Incus's word off a cluster");
        assertEquals(Optional.empty(), summary(Map.of(), null).member());
    }

    @Test
    void labelsSayModeWorkspaceAndImage() {
        ContainerSummary summary = summary(Map.of("user.coi.session", "s1", "user.coi.persistent", "false",
                "user.coi.workspace", "/home/me/project", "user.coi.image", "coi-rust",
                "image.description", "coi image"));

        assertFalse(summary.persistent());
        assertEquals(Optional.of(Path.of("/home/me/project")), summary.workspace());
        assertEquals(Optional.of("coi-rust"), summary.image());
        assertEquals("Stopped", summary.status());
        assertEquals(Optional.of(CREATED), summary.createdAt());
    }

    @Test
    void withoutLabelsTheContainerIsPersistentAndTheImageIsItsDescription() {
        ContainerSummary summary = summary(Map.of("image.description", "coi image"));

        assertTrue(summary.persistent());
        assertEquals(Optional.empty(), summary.workspace());
        assertEquals(Optional.of("coi image"), summary.image());
    }
}
