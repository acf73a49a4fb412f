package dev.coi.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.SocketLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
            IncusClient client = new IncusClient(SocketLocation.of(socket), Duration.ofSeconds(5),
                    Duration.ofSeconds(5));

            assertEquals("6.0.0", client.server().environment().serverVersion());
            List<Instance> instances = client.instancesWithState();
            assertEquals(List.of(CannedIncus.INSTANCE, "coi-0a1b2c3d-2"), instances.stream().map(Instance::name).toList());
            assertTrue(instances.get(0).isRunning());
            assertEquals("10.0.3.15", instances.get(0).state().network().get("eth0").addresses().get(0).address());
            assertEquals(CannedIncus.INSTANCE, client.instance(CannedIncus.INSTANCE).orElseThrow().name());
            assertTrue(client.instance("coi-elsewhere-1").isEmpty());
        }
    }
}
