package dev.coi.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.SocketLocation;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.RecordingProgress;
import dev.coi.kernel.sessions.manage.ContainerSummary;
import dev.coi.kernel.sessions.manage.SessionContainers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run learns only what the client parses, so the canned answers must be ones it accepts. */
class CannedIncusTest {

    @TempDir
    Path dir;

    @Test
    void theClientReadsTheCannedAnswersAsFromADaemon() throws Exception {
        Path socket = dir.resolve("incus.socket");
        try (CannedIncus canned = CannedIncus.listen(socket)) {
            IncusClient client = client(socket);

            assertEquals("6.0.0", client.server().environment().serverVersion());
            List<Instance> instances = client.instances();
            assertEquals(List.of(CannedIncus.INSTANCE, "coi-0a1b2c3d-2", "coi-0a1b2c3d-3", "coi-5e6f7a8b-1"),
                    instances.stream().map(Instance::name).toList());
            assertTrue(instances.get(0).isRunning());
            assertNull(instances.get(2).state(), "the list comes without state, as recursion=1 from Incus");
            assertEquals("10.0.3.17", client.instanceState("coi-0a1b2c3d-3").orElseThrow().network().get("eth0")
                    .addresses().get(0).address());
            assertEquals("00:16:3e:00:00:01", client.networkLeases("incusbr0").get(2).hwaddr());
            assertEquals(CannedIncus.INSTANCE, client.instance(CannedIncus.INSTANCE).orElseThrow().name());
            assertTrue(client.instance("coi-elsewhere-1").isEmpty());
        }
    }

    /**
     * What {@code coi list} trains: the first container's address from its lease (not the stale one of its name),
     * the third's and the fourth's from their state, read in parallel; none for the stopped one.
     */
    @Test
    void theTrainedListTakesEveryWayToAnAddress() throws Exception {
        Path socket = dir.resolve("incus.socket");
        try (CannedIncus canned = CannedIncus.listen(socket)) {
            SessionContainers containers = new SessionContainers(client(socket), new ContainerNames("coi-"), () -> {
                throw new AssertionError("no container is left behind to reap");
            }, new RecordingProgress());

            List<ContainerSummary> summaries = containers.summariesAfterReaping();

            assertEquals(List.of(Optional.of("10.0.3.15"), Optional.empty(), Optional.of("10.0.3.17"),
                    Optional.of("192.168.1.40")), summaries.stream().map(ContainerSummary::ipv4).toList());
        }
    }

    private static IncusClient client(Path socket) {
        return new IncusClient(SocketLocation.of(socket), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }
}
