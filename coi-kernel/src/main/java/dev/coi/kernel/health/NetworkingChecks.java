package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.network.SessionNetwork;
import java.util.List;

/**
 * The kernel's checks of the containers' network: the bridge, forwarding and the firewall rules coi keeps.
 *
 * @param incus the client, with short timeouts
 * @param network the session network, with the plugins' backends
 */
record NetworkingChecks(IncusClient incus, SessionNetwork network) implements HealthCheckProvider {

    @Override
    public String name() {
        return "networking";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(new BridgeCheck(incus), new IpForwardingCheck(), new NetworkRulesCheck(network));
    }
}
