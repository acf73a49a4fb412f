package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.kernel.plugin.PluginRegistry;
import java.util.List;

/**
 * The kernel's check of the plugins it loaded, the last of its own before the plugins' checks.
 *
 * @param registry the loaded plugins and the ones skipped
 */
record PluginChecks(PluginRegistry registry) implements HealthCheckProvider {

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(new PluginsCheck(registry));
    }
}
