package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.base.CoiException;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code network_mode}: the configured network mode ({@code network.mode}) and the backend that puts its rules in
 * place here: the one {@code network.backend} names, or with {@code auto} the fastest that works on this host.
 */
public final class NetworkModeCheck implements HealthCheck {

    private final Optional<NetworkMode> mode;
    private final String preference;
    private final Function<NetworkMode, String> backendFor;

    /**
     * @param mode the configured mode; empty when the configuration is invalid
     * @param preference {@code network.backend}
     * @param backendFor the name of the backend that enforces a mode here; throws {@link CoiException} saying why
     *                   none can
     */
    public NetworkModeCheck(Optional<NetworkMode> mode, String preference, Function<NetworkMode, String> backendFor) {
        this.mode = mode;
        this.preference = preference;
        this.backendFor = backendFor;
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
        String backend;
        try {
            backend = backendFor.apply(mode.get());
        } catch (CoiException e) {
            return HealthResult.failed(name + ", but no session can start with it: " + e.getMessage(),
                    "fix the backend as said, choose another with network.backend (coi plugin list shows the"
                            + " installed plugins), or set network.mode = \"open\"");
        }
        return HealthResult.ok(name + " (enforced by " + backend + (preference.equals("auto")
                ? ", the fastest backend that works here; network.backend = auto)"
                : ", as network.backend says)"));
    }
}
