package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.testing.HostLock;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every network test class shares: the {@link ForbiddenHosts} and the {@link GatewayService} for the whole
 * class, a {@link NetworkSessionBed} per test, one container prefix for all network tests of this JVM, the rules of
 * the backend under test ({@link BackendRules}), and at the end the check that coi left none of these containers'
 * rules behind.
 */
@HostLock(HostLock.NETWORK)
abstract class NetworkTestBase {

    static final String PREFIX = TestInstances.PREFIX + "net"
            + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()) + "-";

    static final BackendRules RULES = BackendRules.underTest();

    private static final int REACH_TRIES = 3;

    static ForbiddenHosts hosts;
    static GatewayService gatewayService;

    @TempDir
    Path root;

    NetworkSessionBed bed;

    @BeforeAll
    static void startHosts() {
        hosts = ForbiddenHosts.start();
        gatewayService = GatewayService.start();
    }

    @AfterAll
    static void stopHostsAndCheckRules() {
        if (hosts == null) {
            return; // they could not be made (the reason is the class's failure): no test ran, no rule was made
        }
        try (ForbiddenHosts closing = hosts; GatewayService service = gatewayService) {
            RULES.assertNoneLeft(PREFIX);
        } finally {
            hosts = null;
            gatewayService = null;
        }
    }

    @BeforeEach
    void setUpBed() {
        bed = new NetworkSessionBed(root, PREFIX);
    }

    @AfterEach
    void closeBed() {
        bed.close();
    }

    /**
     * Reached, within three tries: one probe's 3 s can run out on a machine busy with other tests, and a reach is
     * proved by one answer (a block, by contrast, must hold for every probe).
     */
    static void assertReaches(ContainerProbe probe, ForbiddenHosts.Target target) {
        ContainerProbe.Answer answer = probe.fetch(target.url());
        for (int tries = 1; tries < REACH_TRIES && !answer.answered(target.name()); tries++) {
            answer = probe.fetch(target.url());
        }
        ContainerProbe.Answer last = answer;
        assertTrue(last.answered(target.name()), () -> "must reach " + target + " (" + REACH_TRIES + " tries): "
                + last);
    }

    /** Not reached, although the host serves: the block is the container's, not a dead target. */
    static void assertBlocked(ContainerProbe probe, ForbiddenHosts.Target target) {
        ContainerProbe.Answer answer = probe.fetch(target.url());
        assertFalse(answer.answered(target.name()), () -> "must not reach " + target + ": " + answer);
        assertTrue(ForbiddenHosts.serves(target), () -> target + " does not serve, so the failed probe proves nothing");
    }

    static void assertReachesGatewayService(ContainerProbe probe) {
        ContainerProbe.Answer answer = probe.fetch(gatewayService.url());
        assertTrue(answer.answered(gatewayService.name()), () -> "must reach the host's service: " + answer);
    }

    /** The rules of a running filtered container: there are some, each scoped to its exact address. */
    static List<String> assertRulesScopedTo(String container, String address) {
        List<String> rules = RULES.ownedBy(container);
        assertFalse(rules.isEmpty(), () -> container + " runs filtered but owns no rule in " + RULES.name() + ": "
                + RULES.coiRules());
        assertEquals(Set.of(address), RULES.sources(container), () -> "not scoped to " + address + ": " + rules);
        return rules;
    }

    static void assertNoRules(String container, String when) {
        assertEquals(List.of(), RULES.ownedBy(container), container + "'s rules " + when);
    }
}
