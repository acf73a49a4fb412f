package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionLabels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks that look at session containers: active_containers and orphaned_resources. */
class SessionContainerChecksTest {

    private static final Set<Path> EXISTING = Set.of(Path.of("/home/alice/project"));

    private static SessionContainer container(String name, String status, String workspace, boolean persistent) {
        return SessionContainer.of(new Instance(name, "container", status, false, Map.of(
                SessionLabels.SESSION_ID, "id-" + name,
                SessionLabels.WORKSPACE, workspace,
                SessionLabels.PERSISTENT, Boolean.toString(persistent)), null, null, null, null, null, null, null));
    }

    private static HealthResult orphans(SessionContainer... containers) {
        NoHost host = new NoHost(Map.of());
        return new OrphanedResourcesCheck(() -> List.of(containers), EXISTING::contains).run(host, host);
    }

    @Test
    void activeContainersCountsRunningAndStopped() {
        NoHost host = new NoHost(Map.of());
        List<SessionContainer> all = List.of(container("coi-a-1", "Running", "/home/alice/project", false),
                container("coi-a-2", "Running", "/home/alice/project", true),
                container("coi-a-3", "Stopped", "/home/alice/project", true));

        HealthResult result = new ActiveContainersCheck(() -> all).run(host, host);

        assertEquals(Status.OK, result.status());
        assertEquals("2 running, 1 stopped (coi list shows them)", result.message());
        assertEquals("coi-a-1, coi-a-2", result.details().get("running"));
    }

    @Test
    void containersInUseAreNoOrphans() {
        assertEquals(HealthResult.ok("no orphaned session containers"),
                orphans(container("coi-a-1", "Running", "/home/alice/project", false),
                        container("coi-a-2", "Stopped", "/home/alice/project", true)));
    }

    @Test
    void aStoppedEphemeralContainerIsReportedWithCoiClean() {
        HealthResult result = orphans(container("coi-a-1", "Stopped", "/home/alice/project", false));

        assertEquals(Status.WARNING, result.status());
        assertEquals("stopped ephemeral containers whose session is not saved yet: coi-a-1", result.message());
        assertEquals("coi clean (it saves their sessions first, then deletes the stopped containers)", result.fix());
    }

    @Test
    void containersWhoseWorkspaceIsGoneAreReported() {
        HealthResult result = orphans(container("coi-b-1", "Stopped", "/tmp/gone", true),
                container("coi-b-2", "Running", "/tmp/gone", true));

        assertEquals(Status.WARNING, result.status());
        assertEquals("stopped containers whose workspace folder is gone: coi-b-1 (/tmp/gone); running containers whose"
                + " workspace folder is gone: coi-b-2 (/tmp/gone)", result.message());
        assertEquals("coi clean (it saves their sessions first, then deletes the stopped containers); stop them with"
                + " coi shutdown NAME, then coi clean", result.fix());
    }
}
