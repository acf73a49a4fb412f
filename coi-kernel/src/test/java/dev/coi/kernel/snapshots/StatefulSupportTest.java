package dev.coi.kernel.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What --stateful needs, found out before anything is done. */
class StatefulSupportTest {

    private static Instance container(String status, Map<String, String> config) {
        return new Instance("c1", "container", status, false, config, Map.of(), config, Map.of(), List.of(),
                Instant.EPOCH, null, null);
    }

    @Test
    void aRunningContainerThatAllowsItOnAHostWithCriuNeedsNothing() {
        StatefulSupport support = new StatefulSupport(() -> true, () -> true);
        assertEquals(List.of(), support.createProblems(container("Running", Map.of("migration.stateful", "true"))));
    }

    @Test
    void everyMissingPieceIsNamedWithItsFix() {
        StatefulSupport support = new StatefulSupport(() -> false, () -> true);

        List<String> problems = support.createProblems(container("Stopped", Map.of()));

        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("CRIU") && problems.get(0).contains("apt-get install criu"), problems::toString);
        assertTrue(problems.get(1).contains("'incus config set c1 migration.stateful=true'"), problems::toString);
        assertTrue(problems.get(2).contains("not running (Stopped)"), problems::toString);
    }

    @Test
    void anOlderServerAsksForNoConfigurationKey() {
        StatefulSupport support = new StatefulSupport(() -> true, () -> false);
        assertEquals(List.of(), support.createProblems(container("Running", Map.of())));
    }

    @Test
    void onlyAStatefulSnapshotHasProcessesToBringBack() {
        StatefulSupport support = new StatefulSupport(() -> true, () -> true);
        InstanceSnapshot plain = new InstanceSnapshot("s1", Instant.EPOCH, null, false, null, Map.of());
        InstanceSnapshot live = new InstanceSnapshot("s2", Instant.EPOCH, null, true, null,
                Map.of("migration.stateful", "true"));

        assertEquals(List.of("snapshot 's1' holds no process state (it was not taken with --stateful): restore it"
                + " without --stateful"), support.restoreProblems(container("Stopped", Map.of()), plain));
        assertEquals(List.of(), support.restoreProblems(container("Stopped", Map.of()), live));
        assertEquals(1, new StatefulSupport(() -> false, () -> true)
                .restoreProblems(container("Stopped", Map.of()), live).size());
    }

    @Test
    void criuIsFoundOnThePathOrInTheSystemFolders(@TempDir Path folder) throws Exception {
        Path criu = folder.resolve("criu");
        Files.writeString(criu, "#!/bin/sh\n");
        Files.setPosixFilePermissions(criu, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(StatefulSupport.criuOnThisHost(Map.of("PATH", "/nonexistent:" + folder)));
        boolean system = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin").stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "criu")));
        assertEquals(system, StatefulSupport.criuOnThisHost(Map.of("PATH", "/nonexistent")));
    }
}
