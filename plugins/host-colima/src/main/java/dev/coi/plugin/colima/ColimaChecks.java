package dev.coi.plugin.colima;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import java.util.List;

/** Contributes the {@code colima} check to {@code coi health}. */
final class ColimaChecks implements HealthCheckProvider {

    @Override
    public String name() {
        return "colima";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(new ColimaHealthCheck());
    }
}
