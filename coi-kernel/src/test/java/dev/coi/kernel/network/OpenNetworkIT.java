package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.TestInstances;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --network=open}: nothing filters, so a container reaches every host the test made, the local-network
 * and metadata ones included. This also proves the {@link ForbiddenHosts} fixture: what the restricted and
 * allowlist tests see as blocked is reachable without coi's rules.
 */
class OpenNetworkIT {

    private static final String PREFIX = TestInstances.PREFIX + "net"
            + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()) + "-";

    private static ForbiddenHosts hosts;
    private static GatewayService gatewayService;

    @TempDir
    Path root;

    private NetworkSessionBed bed;

    @BeforeAll
    static void startHosts() {
        hosts = ForbiddenHosts.start();
        gatewayService = GatewayService.start();
    }

    @AfterAll
    static void stopHosts() {
        try (ForbiddenHosts closing = hosts; GatewayService service = gatewayService) {
            DirectRules.assertNoneLeft(PREFIX);
        }
    }

    @BeforeEach
    void setUp() {
        bed = new NetworkSessionBed(root, PREFIX);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void openModeReachesEveryHostAndHasNoRules() {
        String container = bed.background("--network=open");
        ContainerProbe probe = bed.probe(container);

        for (ForbiddenHosts.Target target : hosts.all()) {
            ContainerProbe.Answer answer = probe.fetch(target.url());
            assertTrue(answer.answered(target.name()), () -> "open mode must reach " + target + ": " + answer);
        }
        ContainerProbe.Answer service = probe.fetch(gatewayService.url());
        assertTrue(service.answered(gatewayService.name()), service::toString);
        assertEquals(List.of(), DirectRules.ownedBy(container), "open mode filters nothing");
    }
}
