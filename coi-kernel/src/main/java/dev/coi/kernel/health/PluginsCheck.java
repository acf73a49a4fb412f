package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginProblem;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.plugin.PluginSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code plugins}: how many plugins loaded, and a warning naming every plugin that was skipped and why. */
public final class PluginsCheck implements HealthCheck {

    private final PluginRegistry registry;

    public PluginsCheck(PluginRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public String category() {
        return "SYSTEM";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        long installed = registry.plugins().stream().filter(plugin -> plugin.source() == PluginSource.INSTALLED).count();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("loaded", registry.plugins().stream().map(LoadedPlugin::id).collect(Collectors.joining(",")));
        details.put("skipped", String.valueOf(registry.problems().size()));
        String loaded = (registry.plugins().size() - installed) + " bundled and " + installed + " installed plugins loaded";
        if (registry.problems().isEmpty()) {
            return new HealthResult(HealthResult.Status.OK, loaded, "", details);
        }
        return new HealthResult(HealthResult.Status.WARNING, loaded + "; " + registry.problems().size() + " skipped: "
                + registry.problems().stream().map(PluginProblem::where).collect(Collectors.joining(", ")),
                registry.problems().stream().map(problem -> problem.where() + ": " + problem.message())
                        .collect(Collectors.joining("; ")), details);
    }
}
