package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HostCommands;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.config.NetworkSettings;
import dev.coi.kernel.incus.FakeRuntime;
import dev.coi.kernel.incus.NetworkInfo;
import dev.coi.kernel.sessions.SessionLabels;
import dev.coi.kernel.sessions.RecordingProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's rules live in one backend: when new rules go to another (network.backend changed, or auto found a
 * faster one), the old backend's go, and rules a backend holds for a container recorded with another are orphans.
 */
class BackendSwitchTest {

    private static final String CONTAINER = "coi-abc-1";
    private static final String ADDRESS = "10.20.30.6";
    private static final HostCommands NO_HOST = (argv, timeout) -> {
        throw new AssertionError("no host command expected: " + argv);
    };

    @TempDir
    Path coiHome;

    private final FakeRuntime runtime = new FakeRuntime()
            .withNetwork(new NetworkInfo("incusbr0", "bridge", true, Map.of("ipv4.address", "10.20.30.1/24",
                    "ipv6.address", "none")))
            .with(CONTAINER, "Stopped", Map.of(SessionLabels.SESSION_ID, "s1"), Map.of("eth0", Map.of("type", "nic", "network", "incusbr0",
                    "name", "eth0", "ipv4.address", ADDRESS, "security.ipv4_filtering", "true")));
    private final InMemoryBackend slow = new InMemoryBackend("slowwall", Duration.ofMillis(400));
    private final InMemoryBackend fast = new InMemoryBackend("fastwall", Duration.ofMillis(30));
    private final RecordingProgress progress = new RecordingProgress();

    private SessionNetwork network(String preference) {
        return SessionNetwork.of(runtime, List.of(slow, fast), preference, NO_HOST, coiHome, progress);
    }

    private NetworkRecords records() {
        return new NetworkRecords(coiHome.resolve("network"));
    }

    private NetworkSettings restricted() {
        return new NetworkSettings(NetworkMode.RESTRICTED, true, true, false, List.of(), 0, false,
                coiHome.resolve("network.log"));
    }

    @Test
    void newRulesGoToTheChosenBackendAndTheOldBackendsGoAfterThem() throws InterruptedException {
        network("slowwall").enforce(CONTAINER, "s1", NetworkMode.RESTRICTED, restricted());
        assertEquals(Set.of(CONTAINER), slow.owners.keySet());

        network("auto").enforce(CONTAINER, "s1", NetworkMode.RESTRICTED, restricted());

        assertEquals(Map.of(CONTAINER, Set.of(ADDRESS)), fast.owners);
        assertEquals(Map.of(), slow.owners);
        assertEquals("fastwall", records().find(CONTAINER).orElseThrow().backend());
    }

    @Test
    void theRulesAnotherBackendStillHoldsAreOrphansAndGoWithoutTheRecord() throws InterruptedException {
        network("auto").enforce(CONTAINER, "s1", NetworkMode.RESTRICTED, restricted());
        slow.owners.put(CONTAINER, Set.of(ADDRESS));

        SessionNetwork network = network("auto");
        assertEquals(List.of(CONTAINER), network.orphans());
        assertEquals(List.of(CONTAINER), network.removeOrphans());

        assertEquals(List.of(CONTAINER), slow.released);
        assertEquals(List.of(), fast.released);
        assertEquals("fastwall", records().find(CONTAINER).orElseThrow().backend());
    }

    @Test
    void theEndOfASessionReleasesTheBackendOfItsRulesNotTheOneChosenNow() throws InterruptedException {
        network("slowwall").enforce(CONTAINER, "s1", NetworkMode.RESTRICTED, restricted());

        network("auto").release(CONTAINER);

        assertEquals(List.of(CONTAINER), slow.released);
        assertEquals(List.of(), fast.released);
        assertTrue(records().find(CONTAINER).isEmpty());
    }

    @Test
    void aRecordFromBeforeBackendsWereNamedHasItsRulesRemovedFromEveryOtherBackend() throws InterruptedException {
        records().save(new NetworkRecord(CONTAINER, "s1", NetworkMode.RESTRICTED, ADDRESS, true, true, false, List.of(),
                0, Map.of(), Instant.EPOCH.toString(), null, null, null));
        slow.owners.put(CONTAINER, Set.of(ADDRESS));

        network("auto").enforce(CONTAINER, "s1", NetworkMode.RESTRICTED, restricted());

        assertEquals(List.of(CONTAINER), slow.released);
        assertEquals(Map.of(CONTAINER, Set.of(ADDRESS)), fast.owners);
    }
}
