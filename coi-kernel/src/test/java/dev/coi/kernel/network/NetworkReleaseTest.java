package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.NetworkMode;
import dev.coi.api.SessionLifecycle;
import dev.coi.kernel.config.NetworkSettings;
import dev.coi.kernel.incus.AnsweringIncus;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.SocketLocation;
import dev.coi.kernel.keeper.KeeperLauncher;
import dev.coi.kernel.lifecycle.SessionLifecycles;
import dev.coi.kernel.limits.DeadlineRecords;
import dev.coi.kernel.limits.SessionDeadlines;
import dev.coi.kernel.sessions.RecordingProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delete through the Incus client reaches the kernel's lifecycle hooks as the kernel wires them: the network
 * rules go through the backend, the deadline with them; a stop keeps the rules for the container's next boot.
 */
class NetworkReleaseTest {

    private static final String CONTAINER = "coi-0a1b2c3d-1";

    @TempDir
    Path coiHome;

    private final RecordingProgress progress = new RecordingProgress();
    private final InMemoryBackend backend = new InMemoryBackend();
    private AnsweringIncus fake;
    private IncusClient incus;
    private Path deadline;

    @BeforeEach
    void setUp() throws IOException {
        Path socket = coiHome.resolve("incus.socket");
        fake = AnsweringIncus.listen(socket)
                .get("/1.0/instances/" + CONTAINER, "{\"name\":\"" + CONTAINER + "\",\"type\":\"container\","
                        + "\"status\":\"Running\",\"config\":{\"user.coi.session\":\"s1\"}}")
                .done("PUT /1.0/instances/" + CONTAINER + "/state")
                .done("DELETE /1.0/instances/" + CONTAINER);
        incus = new IncusClient(SocketLocation.of(socket), Duration.ofSeconds(5), Duration.ofSeconds(5));
        NetworkRecords records = new NetworkRecords(coiHome.resolve("network"));
        records.save(NetworkRecord.of(CONTAINER, "s1", NetworkMode.RESTRICTED, "10.123.45.7",
                new NetworkSettings(NetworkMode.RESTRICTED, true, true, false, List.of(), 0, false,
                        coiHome.resolve("network.log")), null, Instant.now(), "fake"));
        SessionNetwork network = new SessionNetwork(incus, new NetworkBackends(List.of(backend), NetworkBackends.AUTO,
                (argv, timeout) -> {
                    throw new AssertionError("no host command expected: " + argv);
                }), records, new AllowlistResolver(NameResolver.system(Duration.ofSeconds(1))),
                new KeeperLauncher(coiHome, progress), DnsFollowing.of(coiHome), progress, Clock.systemUTC());
        deadline = Files.createDirectories(coiHome.resolve("deadlines")).resolve(CONTAINER + ".json");
        Files.writeString(deadline, "{}");
        SessionLifecycle deadlines = new SessionDeadlines(null, new DeadlineRecords(coiHome));
        backend.refuseEnforcing = "nothing is enforced here";
        incus.onStoppedOrDeleted(new SessionLifecycles(List.of(deadlines,
                new NetworkRelease(coiHome, () -> network, progress)), List::of, progress));
    }

    @AfterEach
    void tearDown() throws IOException {
        fake.close();
    }

    @Test
    void aForcedDeleteThroughTheClientReleasesTheRulesAndTheDeadline() {
        assertTrue(incus.deleteForcibly(CONTAINER));

        assertEquals(List.of(CONTAINER), backend.released);
        assertFalse(SessionNetwork.hasRecord(coiHome, CONTAINER), "the record goes with the rules");
        assertFalse(Files.exists(deadline));
        assertEquals(List.of(), progress.warnings);
    }

    @Test
    void aStopThroughTheClientKeepsTheRulesForTheNextBootAndDropsTheDeadline() {
        incus.stop(CONTAINER, Duration.ZERO, true);

        assertEquals(List.of(), backend.released);
        assertTrue(SessionNetwork.hasRecord(coiHome, CONTAINER));
        assertFalse(Files.exists(deadline));
    }
}
