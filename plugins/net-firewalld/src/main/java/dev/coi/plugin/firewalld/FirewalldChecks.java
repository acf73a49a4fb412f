package dev.coi.plugin.firewalld;

import dev.coi.api.Availability;
import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.util.List;

/** The {@code firewall} check of {@code coi health}. */
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
        return List.of(new HealthCheck() {
            @Override
            public String name() {
                return "firewall";
            }

            @Override
            public String category() {
                return "NETWORKING";
            }

            @Override
            public HealthResult run(HostCommands host, HostProbe probe) {
                Availability availability = state.probe(host);
                return availability.available()
                        ? HealthResult.ok(availability.detail())
                        : HealthResult.warning(availability.detail() + " (restricted and allowlist network modes need it)",
                                availability.fix());
            }
        });
    }
}
