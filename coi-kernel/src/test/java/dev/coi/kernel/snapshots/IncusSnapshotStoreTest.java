package dev.coi.kernel.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.PortException;
import dev.coi.api.StoredSnapshot;
import dev.coi.kernel.incus.AnsweringIncus;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.SocketLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incus' snapshots in the store's terms, against a fake Incus that answers only the requests given to it. */
class IncusSnapshotStoreTest {

    @TempDir
    Path home;

    private AnsweringIncus incus;
    private IncusSnapshotStore store;

    @BeforeEach
    void listen() throws IOException {
        incus = AnsweringIncus.listen(home.resolve("incus.socket"));
        store = new IncusSnapshotStore(new IncusClient(SocketLocation.of(home.resolve("incus.socket")),
                Duration.ofSeconds(5), Duration.ofSeconds(5)), new StatefulSupport(() -> true, () -> true));
    }

    @AfterEach
    void close() throws IOException {
        incus.close();
    }

    @Test
    void listedSnapshotsKeepIncusOrderAndIncusZeroTimeMeansTheyNeverExpire() {
        incus.get("/1.0/instances/coi-abc-1/snapshots?recursion=1", """
                [{"name": "later", "created_at": "2026-12-01T11:00:00Z", "expires_at": "0001-01-01T00:00:00Z",
                  "stateful": true, "description": ""},
                 {"name": "earlier", "created_at": "2026-12-01T10:00:00Z", "expires_at": "2026-12-31T00:00:00Z",
                  "stateful": false, "description": "before the upgrade"}]""");

        List<StoredSnapshot> listed = store.list("coi-abc-1");

        assertEquals(List.of(
                new StoredSnapshot("earlier", Instant.parse("2026-12-01T10:00:00Z"),
                        Optional.of(Instant.parse("2026-12-31T00:00:00Z")), false, Optional.of("before the upgrade")),
                new StoredSnapshot("later", Instant.parse("2026-12-01T11:00:00Z"), Optional.empty(), true,
                        Optional.empty())), listed);
    }

    @Test
    void aSnapshotIncusDoesNotKnowIsNotFound() {
        assertEquals(Optional.empty(), store.find("coi-abc-1", "missing"));
    }

    @Test
    void whatIncusRefusesIsThePortsFailureWithIncusWords() {
        PortException error = assertThrows(PortException.class, () -> store.delete("coi-abc-1", "missing"));

        assertTrue(error.getMessage().contains("delete snapshot missing of instance coi-abc-1"), error.getMessage());
    }

    @Test
    void processesOfAStoppedContainerCannotBeSaved() {
        incus.get("/1.0/instances/coi-abc-1", """
                {"name": "coi-abc-1", "status": "Stopped", "config": {},
                 "expanded_config": {"migration.stateful": "true"}}""");

        List<String> problems = store.problemsSavingProcesses("coi-abc-1");

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("the container is not running (Stopped)"), problems.toString());
    }
}
