package dev.coi.kernel.network;

import org.junit.jupiter.api.Test;

/**
 * {@code --network=restricted}, the default: local networks and the cloud metadata service are rejected, the host
 * (gateway) and everything else stay reachable.
 */
class RestrictedNetworkIT extends NetworkTestBase {

    @Test
    void restrictedRejectsLocalNetworksAndMetadataButReachesTheHostAndPublicAddresses() {
        String container = bed.background("--network=restricted");
        String address = bed.awaitAddress(container);
        assertRulesScopedTo(container, address);
        ContainerProbe probe = bed.probe(container);

        for (ForbiddenHosts.Target target : hosts.forbidden()) {
            assertBlocked(probe, target);
        }
        assertReachesGatewayService(probe);
        assertReaches(probe, hosts.publicA());
        assertReaches(probe, hosts.publicB());
    }

    @Test
    void restrictedIsTheDefault() {
        String container = bed.background();
        assertRulesScopedTo(container, bed.awaitAddress(container));
        ContainerProbe probe = bed.probe(container);

        assertBlocked(probe, hosts.lan192());
        assertBlocked(probe, hosts.metadata());
        assertReaches(probe, hosts.publicA());
    }
}
