package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
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

    private static final Progress QUIET = new Progress() {
        @Override
        public void step(String message) {
        }

        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
            throw new AssertionError("no warning expected: " + message);
        }
    };

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
        records.save(NetworkRecord.of(CONTAINER, "s1", NetworkMode.RESTRICTED, ADDRESS, settings, null, START, "fake"));
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
        SessionNetwork network = new SessionNetwork(incus.client(), new NetworkBackends(List.of(backend), NetworkBackends.AUTO, host),
                records, new AllowlistResolver(NameResolver.system(Duration.ofSeconds(1))),
                new KeeperLauncher(coiHome, quiet), DnsFollowing.of(coiHome), quiet, clock);
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
            SessionNetwork network = new SessionNetwork(flaky.client(), new NetworkBackends(List.of(backend), NetworkBackends.AUTO,
                    (argv, timeout) -> {
                        throw new AssertionError("no host command expected: " + argv);
                    }), new NetworkRecords(coiHome.resolve("network")),
                    new AllowlistResolver(NameResolver.system(Duration.ofSeconds(1))),
                    new KeeperLauncher(coiHome, null), DnsFollowing.of(coiHome), null, clock);
            backend.owners.clear();
            backend.owners.put(stopping, Set.of("10.123.45.9"));

            assertEquals(List.of(), network.orphans(), "its rules stay until Incus can say whether it runs");
        }
    }

    /**
     * A container started by a coi set to another Incus project (incus.project) is invisible in this one; its rules
     * on the shared host are still its own: no orphans for 'coi clean' or 'coi health', nothing for the keeper to
     * release.
     */
    @Test
    void rulesOfAContainerRunningInAnotherProjectAreNoOrphansAndStay() throws IOException {
        String elsewhere = "coi-0a1b2c3d-3";
        String address = "10.123.45.33";
        String running = "{\"name\":\"" + elsewhere + "\",\"type\":\"container\",\"status\":\"Running\","
                + "\"config\":{\"user.coi.session\":\"s3\"},\"state\":{\"status\":\"Running\",\"pid\":42,"
                + "\"network\":{\"eth0\":{\"addresses\":[{\"family\":\"inet\",\"address\":\"" + address
                + "\",\"netmask\":\"24\",\"scope\":\"global\"}],\"state\":\"up\"}}}}";
        NetworkRecords records = new NetworkRecords(coiHome.resolve("network"));
        NetworkSettings settings = new NetworkSettings(NetworkMode.RESTRICTED, true, true, false, List.of(), 0, false,
                coiHome.resolve("network.log"));
        records.save(NetworkRecord.of(elsewhere, "s3", NetworkMode.RESTRICTED, address, settings, null, START,
                "fake"));
        try (ListingIncus projects = ListingIncus.withAnotherProject(coiHome.resolve("projects.socket"), "[]",
                "other", elsewhere, running)) {
            SessionNetwork network = new SessionNetwork(projects.client(), new NetworkBackends(List.of(backend), NetworkBackends.AUTO,
                    (argv, timeout) -> {
                        throw new AssertionError("no host command expected: " + argv);
                    }), records, new AllowlistResolver(NameResolver.system(Duration.ofSeconds(1))),
                    new KeeperLauncher(coiHome, null), DnsFollowing.of(coiHome), null, clock);
            backend.owners.clear();
            backend.owners.put(elsewhere, Set.of(address));

            assertEquals(List.of(), network.orphans());
            network.keeperDuty(QUIET).tick(List.of(elsewhere));
            assertEquals(Map.of(elsewhere, Set.of(address)), backend.owners, "released by the keeper");
            assertTrue(records.find(elsewhere).isPresent());
        }
    }

    private void at(int seconds) {
        clock.now = START.plusSeconds(seconds);
        duty.tick();
    }
}
