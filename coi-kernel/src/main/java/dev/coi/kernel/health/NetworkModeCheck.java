package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.api.NetworkBackend;
import dev.coi.api.NetworkMode;
import java.util.List;
import java.util.Optional;

/**
 * {@code network_mode}: the configured network mode ({@code network.mode}) and the plugin that enforces it. Whether
 * that plugin's firewall runs is its own check's business.
 */
public final class NetworkModeCheck implements HealthCheck {

    private final Optional<NetworkMode> mode;
    private final List<NetworkBackend> backends;

    /** @param mode the configured mode; empty when the configuration is invalid */
    public NetworkModeCheck(Optional<NetworkMode> mode, List<NetworkBackend> backends) {
        this.mode = mode;
        this.backends = List.copyOf(backends);
    }

    @Override
    public String name() {
        return "network_mode";
    }

    @Override
    public String category() {
        return "CONFIGURATION";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        if (mode.isEmpty()) {
            return HealthResult.warning("not checked: the configuration is invalid", "see the config check");
        }
        String name = mode.get().configName();
        if (mode.get() == NetworkMode.OPEN) {
            return HealthResult.ok("open: containers reach everything the host reaches (--network=restricted"
                    + " isolates them)");
        }
        Optional<NetworkBackend> enforcer = backends.stream()
                .filter(backend -> backend.supportedModes().contains(mode.get())).findFirst();
        if (enforcer.isEmpty()) {
            return HealthResult.failed(name + ", but no installed plugin enforces it, so no session can start with it",
                    "install a plugin with a network backend for it (coi plugin list shows what is installed), or set"
                            + " network.mode = \"open\"");
        }
        return HealthResult.ok(name + " (enforced by " + enforcer.get().name() + ")");
    }
}
