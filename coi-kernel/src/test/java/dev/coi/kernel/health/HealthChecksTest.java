package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.api.HealthResult.Status;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.ConfigProblem;
import dev.coi.kernel.incus.SocketLocation;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.plugin.PluginSource;
import dev.coi.kernel.sessions.RecordingProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's rows and their order, which users and scripts reading {@code --format json} rely on. */
class HealthChecksTest {

    @TempDir
    Path home;

    @Test
    void theKernelsChecksComeFirstInTheirOrderThenEveryPluginsAndABrokenConfigFailsOnlyItsOwnCheck() {
        HealthCheckProvider plugin = new HealthCheckProvider() {
            @Override
            public String name() {
                return "example";
            }

            @Override
            public List<HealthCheck> healthChecks() {
                return List.of(FixedCheck.ok("example_firewall"));
            }
        };
        PluginRegistry registry = new PluginRegistry(List.of(new LoadedPlugin("example", "1.0", "an example",
                PluginSource.INSTALLED, Optional.empty(), List.of(plugin))), List.of());

        HealthService service = HealthChecks.of(() -> {
            throw new ConfigException(List.of(new ConfigProblem("config.toml:3", "unknown key")), List.of());
        }, loaded -> SocketLocation.of(home.resolve("no-incus.socket")), home.resolve(".coi"), home, Map.of(),
                () -> registry, new RecordingProgress());

        List<HealthCheck> checks = service.checks();
        assertEquals(List.of("os", "kernel_version", "incus", "permissions", "id_mapping", "image", "image_age",
                "network_bridge", "ip_forwarding", "network_rules", "coi_directory", "sessions_directory",
                "disk_space", "incus_storage_pool", "config", "network_mode", "tool", "active_containers",
                "saved_sessions", "orphaned_resources", "plugins", "example_firewall"),
                checks.stream().map(HealthCheck::name).toList());
        HealthCheck config = checks.get(14);
        assertEquals(Status.FAILED, config.run(null, null).status());
    }
}
