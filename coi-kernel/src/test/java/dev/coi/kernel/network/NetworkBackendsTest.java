package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HostCommands;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.base.CoiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code network.backend} chooses the backend of new rules, and how a record keeps the one of its rules. */
class NetworkBackendsTest {

    private static final HostCommands NO_HOST = (argv, timeout) -> {
        throw new AssertionError("no host command expected: " + argv);
    };

    private final InMemoryBackend slow = new InMemoryBackend("slowwall", Duration.ofMillis(400));
    private final InMemoryBackend fast = new InMemoryBackend("fastwall", Duration.ofMillis(30));

    @Test
    void autoPicksTheFastestThatWorksWithoutAskingTheSlowerOnes() {
        NetworkBackends backends = new NetworkBackends(List.of(slow, fast), "auto", NO_HOST);

        assertSame(fast, backends.forMode(NetworkMode.RESTRICTED));
        assertEquals(0, slow.availabilityAsked);
    }

    @Test
    void autoFallsBackToASlowerOneWhenTheFastestDoesNotWorkHere() {
        fast.available = false;
        NetworkBackends backends = new NetworkBackends(List.of(fast, slow), "auto", NO_HOST);

        assertSame(slow, backends.forMode(NetworkMode.ALLOWLIST));
    }

    @Test
    void autoSaysWhyEachBackendCannotWorkWhenNoneDoes() {
        fast.available = false;
        slow.available = false;

        CoiException e = assertThrows(CoiException.class,
                () -> new NetworkBackends(List.of(fast, slow), "auto", NO_HOST).forMode(NetworkMode.RESTRICTED));

        assertTrue(e.getMessage().contains("fastwall: not running\n  fix: start it"), e.getMessage());
        assertTrue(e.getMessage().contains("slowwall: not running"), e.getMessage());
        assertTrue(e.getMessage().contains("--network=open"), e.getMessage());
    }

    @Test
    void aNamedBackendIsUsedEvenWhenAFasterOneWorks() {
        assertSame(slow, new NetworkBackends(List.of(slow, fast), "slowwall", NO_HOST).forMode(NetworkMode.RESTRICTED));
        assertEquals(0, fast.availabilityAsked);
    }

    @Test
    void aNamedBackendThatDoesNotWorkHereIsNotSilentlyReplaced() {
        slow.available = false;

        CoiException e = assertThrows(CoiException.class,
                () -> new NetworkBackends(List.of(slow, fast), "slowwall", NO_HOST).forMode(NetworkMode.RESTRICTED));

        assertEquals("network isolation in restricted mode cannot be put in place with network.backend slowwall:"
                + " not running\n  fix: start it\nor set network.backend = \"auto\", or run without isolation:"
                + " coi shell --network=open", e.getMessage());
    }

    @Test
    void aNamedBackendThatIsNotInstalledSaysWhichAre() {
        CoiException e = assertThrows(CoiException.class,
                () -> new NetworkBackends(List.of(slow, fast), "iptables", NO_HOST).forMode(NetworkMode.RESTRICTED));

        assertEquals("network.backend is \"iptables\", but no installed plugin brings a network backend of that name"
                + " (installed: fastwall, slowwall); set network.backend = \"auto\" or one of those", e.getMessage());
    }

    @Test
    void aRecordsRulesStayWithTheBackendThatPutThemInPlace() {
        NetworkBackends backends = new NetworkBackends(List.of(slow, fast), "auto", NO_HOST);

        assertSame(slow, backends.forRecord(record("slowwall")));
        assertSame(fast, backends.forRecord(record(null)));
    }

    @Test
    void aRecordWhoseBackendIsGoneSaysSo() {
        CoiException e = assertThrows(CoiException.class,
                () -> new NetworkBackends(List.of(fast), "auto", NO_HOST).forRecord(record("slowwall")));

        assertTrue(e.getMessage().contains("put in place by the network backend slowwall, which is not installed"),
                e.getMessage());
    }

    @Test
    void aBackendFoundWorkingIsNotAskedAgainButOneThatDidNotIs() {
        fast.available = false;
        NetworkBackends backends = new NetworkBackends(List.of(fast, slow), "auto", NO_HOST);
        backends.forMode(NetworkMode.RESTRICTED);
        fast.available = true;

        assertSame(fast, backends.forMode(NetworkMode.RESTRICTED));
        backends.forMode(NetworkMode.RESTRICTED);
        assertEquals(2, fast.availabilityAsked);
        assertEquals(1, slow.availabilityAsked);
    }

    private static NetworkRecord record(String backend) {
        return new NetworkRecord("coi-abc-1", "s1", NetworkMode.RESTRICTED, "10.1.2.3", true, true, false, List.of(), 0,
                Map.of(), Instant.EPOCH.toString(), backend, null, null);
    }
}
