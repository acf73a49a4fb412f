package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HostCommands;
import dev.coi.api.NetworkMode;
import dev.coi.api.PortException;
import dev.coi.api.RulesInForce;
import dev.coi.api.RulesInForce.Admitted;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.FakeRuntime;
import dev.coi.kernel.network.NetworkView.Allowed;
import dev.coi.kernel.network.NetworkView.Firewall;
import dev.coi.kernel.network.NetworkView.RulesState;
import dev.coi.kernel.sessions.RecordingProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coi network show}'s read model, on a runtime and a backend in memory. */
class NetworkInspectionTest {

    private static final String CONTAINER = "coi-ab12cd34-1";
    private static final String ADDRESS = "10.20.30.6";
    private static final Instant RESOLVED = Instant.parse("2026-12-06T03:40:00Z");

    @TempDir
    Path coiHome;

    private final FakeRuntime runtime = new FakeRuntime();
    private final InMemoryBackend backend = new InMemoryBackend().refuseChanges("showing changes nothing");

    @BeforeEach
    void aRunningContainer() {
        runtime.with(CONTAINER, "Running", Map.of());
    }

    private NetworkView view() {
        HostCommands host = (argv, timeout) -> {
            throw new AssertionError("the backend asks the host, not the inspection: " + argv);
        };
        return SessionNetwork.of(runtime, List.of(backend), NetworkBackends.AUTO, host, coiHome, new RecordingProgress()).view(CONTAINER);
    }

    private void record(NetworkMode mode, boolean blockPrivate, List<String> allowed,
            Map<String, List<String>> names, int refreshMinutes) {
        new NetworkRecords(coiHome.resolve("network")).save(new NetworkRecord(CONTAINER, "session-1", mode, ADDRESS,
                blockPrivate, blockPrivate, false, allowed, refreshMinutes, names, RESOLVED.toString(), "fake", null, null));
    }

    @Test
    void restrictedRulesInForceAreShownWithTheRecordedOnes() {
        record(NetworkMode.RESTRICTED, true, List.of(), Map.of(), 0);
        backend.owners.put(CONTAINER, Set.of(ADDRESS));
        backend.owners.put("coi-other-2", Set.of("10.20.30.7"));

        NetworkView view = view();

        assertEquals(NetworkMode.RESTRICTED, view.mode());
        assertEquals(Optional.of("fake"), view.backend());
        assertEquals(ADDRESS, view.address());
        assertEquals(List.of("reject 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, 169.254.0.0/16"),
                view.rules());
        assertEquals(RulesState.IN_FORCE, view.state());
        assertEquals(Set.of(ADDRESS), view.inForce());
        assertEquals(List.of(), view.allowed());
        assertEquals(Optional.empty(), view.nextRefresh());
    }

    @Test
    void missingRulesAreSaidWithWhatToDo() {
        record(NetworkMode.RESTRICTED, true, List.of(), Map.of(), 0);
        backend.owners.put("coi-other-2", Set.of(ADDRESS));

        NetworkView view = view();

        assertEquals(RulesState.MISSING, view.state());
        assertTrue(view.detail().startsWith("fake has no rules of " + CONTAINER + "; until they are back the container"
                + " is not filtered"), view.detail());
        assertTrue(view.detail().contains("coi shutdown " + CONTAINER), view.detail());
    }

    @Test
    void aContainerWithAnIpv6AddressIsFilteredAsRecordedOnlyWithRulesForBothAddresses() {
        String ipv6 = "fd42:1:2:3:c0:1aff:fe14:1e06";
        new NetworkRecords(coiHome.resolve("network")).save(new NetworkRecord(CONTAINER, "session-1",
                NetworkMode.RESTRICTED, ADDRESS, true, true, false, List.of(), 0, Map.of(), RESOLVED.toString(), "fake",
                ipv6, null));
        backend.owners.put(CONTAINER, Set.of(ADDRESS, ipv6));

        NetworkView both = view();
        assertEquals(RulesState.IN_FORCE, both.state());
        assertEquals("fake has rules of " + CONTAINER + " for " + ADDRESS + ", " + ipv6, both.detail());
        assertTrue(both.rules().getFirst().contains("fc00::/7") && both.rules().getFirst().contains("fe80::/10"),
                both.rules().toString());

        backend.owners.put(CONTAINER, Set.of(ADDRESS));
        NetworkView ipv4Only = view();
        assertEquals(RulesState.OTHER_ADDRESS, ipv4Only.state());
        assertTrue(ipv4Only.detail().contains("not to its recorded addresses " + ADDRESS + ", " + ipv6),
                ipv4Only.detail());
    }

    @Test
    void rulesScopedToAnotherAddressDoNotMatchTheRecord() {
        record(NetworkMode.RESTRICTED, true, List.of(), Map.of(), 0);
        backend.owners.put(CONTAINER, Set.of("10.20.30.9"));

        NetworkView view = view();

        assertEquals(RulesState.OTHER_ADDRESS, view.state());
        assertEquals(Set.of("10.20.30.9"), view.inForce());
        assertTrue(view.detail().contains("scoped to 10.20.30.9, not to its recorded address " + ADDRESS),
                view.detail());
    }

    @Test
    void restrictedWithEveryPartSwitchedOffNeedsNoRules() {
        record(NetworkMode.RESTRICTED, false, List.of(), Map.of(), 0);

        NetworkView view = view();

        assertEquals(List.of(), view.rules());
        assertEquals(RulesState.NONE_NEEDED, view.state());
    }

    @Test
    void anAllowlistShowsEachNamesAddressesAndWhenTheKeeperResolvesThemAgain() {
        record(NetworkMode.ALLOWLIST, true, List.of("example.org", "140.82.112.0/20", "gone.example"),
                Map.of("example.org", List.of("93.184.215.14", "93.184.215.15")), 30);
        backend.owners.put(CONTAINER, Set.of(ADDRESS));

        NetworkView view = view();

        assertEquals(List.of(new Allowed("example.org", List.of("93.184.215.14", "93.184.215.15")),
                new Allowed("140.82.112.0/20", List.of("140.82.112.0/20")), new Allowed("gone.example", List.of())),
                view.allowed());
        assertEquals(List.of("allow 140.82.112.0/20, 93.184.215.14/32, 93.184.215.15/32", "reject everything else"),
                view.rules());
        assertEquals(RESOLVED, view.resolvedAt());
        assertEquals(Optional.of(Instant.parse("2026-12-06T04:10:00Z")), view.nextRefresh());
        assertEquals(RulesState.IN_FORCE, view.state());
    }

    @Test
    void anAllowlistThatIsNeverRefreshedHasNoNextRefresh() {
        record(NetworkMode.ALLOWLIST, true, List.of("example.org"), Map.of("example.org", List.of("93.184.215.14")), 0);

        assertEquals(Optional.empty(), view().nextRefresh());
    }

    @Test
    void whenTheBackendOfItsRulesDoesNotWorkTheRulesAreUnknownAndTheReasonGiven() {
        record(NetworkMode.RESTRICTED, true, List.of(), Map.of(), 0);
        backend.available = false;

        NetworkView view = view();

        assertEquals(RulesState.UNKNOWN, view.state());
        assertEquals(Optional.of("fake"), view.backend());
        assertTrue(view.detail().contains("are in fake, which cannot be reached now: not running"), view.detail());
    }

    @Test
    void aBackendThatCannotBeReadLeavesTheRulesUnknown() {
        record(NetworkMode.RESTRICTED, true, List.of(), Map.of(), 0);
        backend.unreadable = true;

        NetworkView view = view();

        assertEquals(RulesState.UNKNOWN, view.state());
        assertEquals(Optional.of("fake"), view.backend());
        assertEquals("fake could not be read: permission denied", view.detail());
    }

    @Test
    void anAllowlistThatFollowsDnsAcceptsWhatWasAdmittedFirstAndShowsWhatTheBackendHolds() {
        new NetworkRecords(coiHome.resolve("network")).save(new NetworkRecord(CONTAINER, "session-1",
                NetworkMode.ALLOWLIST, ADDRESS, true, true, false, List.of("*.example.org", "140.82.112.0/20"), 30,
                Map.of(), RESOLVED.toString(), "fake", null, null)
                .withDns(new DnsRoute("10.20.30.1", 23456, List.of("192.0.2.53:53"))));
        backend.owners.put(CONTAINER, Set.of(ADDRESS));
        RulesInForce held = new RulesInForce(List.of("ctr_" + CONTAINER + ": reject (3 packets, 180 bytes)"),
                List.of(new Admitted("198.51.100.9", Duration.ofSeconds(54))));
        backend.held.put(CONTAINER, held);

        NetworkView view = view();

        assertEquals(List.of("allow the addresses coi's resolver admitted", "allow 140.82.112.0/20",
                "reject everything else"), view.rules());
        assertEquals(RulesState.IN_FORCE, view.state());
        assertEquals(new Firewall(Optional.of(held), Optional.empty()), view.firewall());
        assertEquals(Optional.of("10.20.30.1:23456, asking 192.0.2.53:53"), view.resolver());
    }

    @Test
    void aBackendThatCannotSayWhatItHoldsLeavesTheFirewallUnsaid() {
        record(NetworkMode.RESTRICTED, true, List.of(), Map.of(), 0);
        backend.owners.put(CONTAINER, Set.of(ADDRESS));

        assertEquals(Firewall.unsaid(), view().firewall());
    }

    @Test
    void aFirewallThatCannotBeReadIsSaidWithoutFailingTheView() {
        record(NetworkMode.RESTRICTED, true, List.of(), Map.of(), 0);
        backend.owners.put(CONTAINER, Set.of(ADDRESS));
        backend.inspectionFailure = new PortException("could not read coi's nftables table: denied");

        NetworkView view = view();

        assertEquals(RulesState.IN_FORCE, view.state());
        assertEquals(new Firewall(Optional.empty(), Optional.of("could not read coi's nftables table: denied")),
                view.firewall());

        backend.inspectionFailure = new IllegalStateException("a bug");
        assertEquals(Optional.of("the fake backend failed: java.lang.IllegalStateException: a bug"),
                view().firewall().unread());
    }

    @Test
    void aContainerThatDoesNotExistIsAnErrorNamingIt() {
        CoiException failure = assertThrows(CoiException.class,
                () -> SessionNetwork.of(runtime, List.of(backend), NetworkBackends.AUTO, null, coiHome, new RecordingProgress())
                        .view("coi-nothere-1"));

        assertEquals("no container coi-nothere-1: 'coi list' shows the session containers", failure.getMessage());
    }

    @Test
    void aContainerWithoutARecordIsAnErrorSayingItIsNotFiltered() {
        CoiException failure = assertThrows(CoiException.class, this::view);

        assertTrue(failure.getMessage().startsWith("container " + CONTAINER + " has no coi network record in "
                + coiHome.resolve("network") + ": coi filters none of its traffic"), failure.getMessage());
        assertTrue(failure.getMessage().contains("--network=restricted"), failure.getMessage());
    }
}
