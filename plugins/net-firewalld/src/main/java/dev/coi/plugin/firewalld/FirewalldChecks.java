package dev.coi.plugin.firewalld;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.api.HostCommands;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code firewall} and {@code bridge_firewalld_zone} checks of {@code coi health}. They share one probe of
 * firewalld per report: each {@code firewall-cmd} call costs up to a second.
 */
final class FirewalldChecks implements HealthCheckProvider {

    private final FirewallState state;

    FirewalldChecks(FirewallState state) {
        this.state = state;
    }

    @Override
    public String name() {
        return "firewalld";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        Function<HostCommands, FirewallState.Access> once = new Function<>() {
            private FirewallState.Access found;

            @Override
            public synchronized FirewallState.Access apply(HostCommands host) {
                if (found == null) {
                    found = state.access(host);
                }
                return found;
            }
        };
        return List.of(new FirewallCheck(once), new BridgeZoneCheck(once));
    }
}
