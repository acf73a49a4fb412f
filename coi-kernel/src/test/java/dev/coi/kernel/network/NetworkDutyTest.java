package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.coi.api.HostCommands;
import dev.coi.api.NetworkMode;
import dev.coi.api.Progress;
import dev.coi.kernel.SettableClock;
import dev.coi.kernel.config.NetworkSettings;
import dev.coi.kernel.incus.ListingIncus;
import dev.coi.kernel.keeper.KeeperLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keeper's repair of rules the firewall dropped, against a backend and a clock of the test's own. */
class NetworkDutyTest {

    private static final Instant START = Instant.parse("2026-12-05T17:00:00Z");
    private static final String CONTAINER = "coi-0a1b2c3d-1";
    private static final String ADDRESS = "10.123.45.7";

    @TempDir
    Path coiHome;

    private final SettableClock clock = new SettableClock(START);
    private final InMemoryBackend backend = new InMemoryBackend();
    private ListingIncus incus;
    private NetworkDuty duty;

    @BeforeEach
    void setUp() throws IOException {
        incus = ListingIncus.listing(coiHome.resolve("incus.socket"), "[{\"name\":\"" + CONTAINER + "\","
                + "\"type\":\"container\",\"status\":\"Running\",\"config\":{\"user.coi.session\":\"s1\"}}]");
        NetworkRecords records = new NetworkRecords(coiHome.resolve("network"));
        NetworkSettings settings = new NetworkSettings(NetworkMode.RESTRICTED, true, true, false, List.of(), 0, false,
                coiHome.resolve("network.log"));
        records.save(NetworkRecord.of(CONTAINER, "s1", NetworkMode.RESTRICTED, ADDRESS, settings, null, START));
        HostCommands host = (argv, timeout) -> {
            throw new AssertionError("no host command expected: " + argv);
        };
        Progress quiet = new Progress() {
            @Override
            public void step(String message) {
            }

            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }
        };
        SessionNetwork network = new SessionNetwork(incus.client(), new NetworkBackends(List.of(backend), host),
                records, new AllowlistResolver(NameResolver.system(Duration.ofSeconds(1))),
                new KeeperLauncher(coiHome, quiet), quiet, clock);
        duty = network.keeperDuty(quiet);
        backend.owners.put(CONTAINER, Set.of(ADDRESS));
    }

    @AfterEach
    void tearDown() throws IOException {
        incus.close();
    }

    @Test
    void rulesTheBackendSaysWereDroppedAreBackAtTheNextTick() {
        duty.tick();
        assertEquals(1, backend.reads, "the first tick checks: rules may have gone before the keeper started");
        assertNotNull(backend.lost, "and from then on the backend's word on losses is heard");

        at(2);
        assertEquals(1, backend.reads, "no check without a cause before the periodic one");

        backend.owners.clear();
        backend.lost.run();
        at(4);
        assertEquals(List.of(CONTAINER), backend.enforced, "put back one tick (2 s) after the reload");
    }

    @Test
    void rulesDroppedWithoutAWordAreBackAtThePeriodicCheck() {
        duty.tick();
        backend.owners.clear();

        at(2);
        at(28);
        assertEquals(List.of(), backend.enforced);
        at(30);
        assertEquals(List.of(CONTAINER), backend.enforced);
    }

    @Test
    void rulesOfAContainerIncusCannotReadJustNowAreNoOrphans() throws IOException {
        String stopping = "coi-0a1b2c3d-2";
        try (ListingIncus flaky = ListingIncus.listing(coiHome.resolve("flaky.socket"), "[]", List.of(stopping))) {
            SessionNetwork network = new SessionNetwork(flaky.client(), new NetworkBackends(List.of(backend),
                    (argv, timeout) -> {
                        throw new AssertionError("no host command expected: " + argv);
                    }), new NetworkRecords(coiHome.resolve("network")),
                    new AllowlistResolver(NameResolver.system(Duration.ofSeconds(1))),
                    new KeeperLauncher(coiHome, null), null, clock);
            backend.owners.clear();
            backend.owners.put(stopping, Set.of("10.123.45.9"));

            assertEquals(List.of(), network.orphans(), "its rules stay until Incus can say whether it runs");
        }
    }

    private void at(int seconds) {
        clock.now = START.plusSeconds(seconds);
        duty.tick();
    }
}
