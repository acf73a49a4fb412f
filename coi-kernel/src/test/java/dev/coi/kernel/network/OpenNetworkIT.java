package dev.coi.kernel.network;

import org.junit.jupiter.api.Test;

/**
 * {@code --network=open}: nothing filters, so a container reaches every host the test made, the local-network
 * and metadata ones included. This also proves the {@link ForbiddenHosts} fixture: what the restricted and
 * allowlist tests see as blocked is reachable without coi's rules.
 */
class OpenNetworkIT extends NetworkTestBase {

    @Test
    void openModeReachesEveryHostAndHasNoRules() {
        String container = bed.background("--network=open");
        ContainerProbe probe = bed.probe(container);

        for (ForbiddenHosts.Target target : hosts.all()) {
            assertReaches(probe, target);
        }
        assertReachesGatewayService(probe);
        assertNoRules(container, "in open mode: it filters nothing");
    }
}
