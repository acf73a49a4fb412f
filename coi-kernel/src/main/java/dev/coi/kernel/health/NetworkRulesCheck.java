package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.network.SessionNetwork;
import java.util.List;

/**
 * {@code network_rules}: no firewall rule outlives its container. Rules whose container is gone, stopped, or has
 * another address now are removed on the spot, because such a rule could apply to the next container that gets
 * the address.
 */
public final class NetworkRulesCheck implements HealthCheck {

    private final SessionNetwork network;

    public NetworkRulesCheck(SessionNetwork network) {
        this.network = network;
    }

    @Override
    public String name() {
        return "network_rules";
    }

    @Override
    public String category() {
        return "NETWORKING";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        List<String> removed = network.removeOrphans();
        if (removed.isEmpty()) {
            return HealthResult.ok("no orphaned network rules");
        }
        return HealthResult.warning("removed the network rules of " + String.join(", ", removed) + ", which no"
                + " longer ran with their address (left by a coi that was killed, or a container deleted without"
                + " coi)", "nothing left to do; 'coi clean' removes such rules too");
    }
}
