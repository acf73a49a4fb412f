package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HostCommands;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.FakeRuntime;
import dev.coi.kernel.network.NetworkView.Allowed;
import dev.coi.kernel.network.NetworkView.RulesState;
import dev.coi.kernel.sessions.RecordingProgress;
import java.nio.file.Path;
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
        return SessionNetwork.of(runtime, List.of(backend), host, coiHome, new RecordingProgress()).view(CONTAINER);
    }

    private void record(NetworkMode mode, boolean blockPrivate, List<String> allowed,
            Map<String, List<String>> names, int refreshMinutes) {
        new NetworkRecords(coiHome.resolve("network")).save(new NetworkRecord(CONTAINER, "session-1", mode, ADDRESS,
                blockPrivate, blockPrivate, false, allowed, refreshMinutes, names, RESOLVED.toString()));
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
    void withoutAnAvailableBackendTheRulesAreUnknownAndTheReasonGiven() {
        record(NetworkMode.RESTRICTED, true, List.of(), Map.of(), 0);
        backend.available = false;

        NetworkView view = view();

        assertEquals(RulesState.UNKNOWN, view.state());
        assertEquals(Optional.empty(), view.backend());
        assertTrue(view.detail().contains("fake: not running"), view.detail());
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
    void aContainerThatDoesNotExistIsAnErrorNamingIt() {
        CoiException failure = assertThrows(CoiException.class,
                () -> SessionNetwork.of(runtime, List.of(backend), null, coiHome, new RecordingProgress())
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
