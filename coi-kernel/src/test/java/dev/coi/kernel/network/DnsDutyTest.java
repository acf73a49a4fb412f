package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.NetworkMode;
import dev.coi.kernel.sessions.RecordingProgress;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the keeper's resolver runs: for as long as a record follows DNS through it, on the address it names. */
class DnsDutyTest {

    @TempDir
    Path coiHome;

    private final RecordingProgress log = new RecordingProgress();

    private NetworkRecords records() {
        return new NetworkRecords(coiHome.resolve("network"));
    }

    private DnsDuty duty() {
        return new DnsDuty(new NetworkBackends(List.of(new InMemoryBackend()), NetworkBackends.AUTO, null), records(),
                log, Clock.systemUTC());
    }

    private static NetworkRecord followed(String container, int port) {
        return new NetworkRecord(container, "s1", NetworkMode.ALLOWLIST, "10.20.30.6", true, true, false,
                List.of("*.example.test"), 0, Map.of(), Instant.EPOCH.toString(), "fake", null,
                new DnsRoute("127.0.0.1", port, List.of("127.0.0.1:53")));
    }

    @Test
    void theResolverServesWhileARecordFollowsDnsThroughItAndStopsAfter() throws IOException {
        int port = freePort();
        DnsDuty duty = duty();
        assertFalse(duty.hasWork());

        records().save(followed("coi-abc-1", port));
        assertTrue(duty.hasWork());
        duty.tick();

        assertThrows(BindException.class, () -> bind(port).close(), "the resolver holds the port");
        records().delete("coi-abc-1");
        assertFalse(duty.hasWork());
        duty.tick();
        bind(port).close();
        assertTrue(log.warnings.isEmpty(), log.warnings::toString);
    }

    @Test
    void aPortTakenByAnotherProcessIsReportedOnceAndTakenWhenItIsFree() throws IOException {
        int port = freePort();
        DnsDuty duty = duty();
        records().save(followed("coi-abc-1", port));

        try (DatagramSocket other = bind(port)) {
            duty.tick();
            duty.tick();
        }
        assertEquals(1, log.warnings.size(), log.warnings::toString);
        assertTrue(log.warnings.get(0).contains("cannot serve DNS on 127.0.0.1:" + port), log.warnings::toString);

        duty.tick();
        assertThrows(BindException.class, () -> bind(port).close(), "taken once free");
        duty.abandoned();
        bind(port).close();
    }

    @Test
    void aRecordThatPinsItsNamesNeedsNoResolver() {
        NetworkRecord pinned = NetworkRecord.of("coi-abc-1", "s1", NetworkMode.ALLOWLIST, "10.20.30.6",
                NetworkPoliciesTest.settings(true, true, false), null, Instant.EPOCH, "fake");
        records().save(pinned);

        assertFalse(duty().hasWork());
    }

    private static DatagramSocket bind(int port) throws IOException {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
