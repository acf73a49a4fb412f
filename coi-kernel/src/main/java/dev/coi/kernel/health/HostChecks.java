package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusEndpoint;
import dev.coi.kernel.incus.SocketLocation;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's checks of the host and its Incus: what a session cannot start without (the report's SYSTEM and
 * CRITICAL rows).
 *
 * @param incus the client, with short timeouts
 * @param endpoint where the client connects
 * @param image the configured image alias; empty when the configuration did not load
 * @param tool the configured tool; empty when the configuration did not load
 * @param clock tells the image's age
 */
record HostChecks(IncusClient incus, IncusEndpoint endpoint, Optional<String> image, Optional<String> tool, Clock clock)
        implements HealthCheckProvider {

    @Override
    public String name() {
        return "host";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        List<HealthCheck> checks = new ArrayList<>(List.of(
                new OsCheck(),
                new KernelCheck(() -> incus.server().environment().kernelFeatures()),
                new IncusCheck(incus, endpoint)));
        // a remote's own host keeps its socket and id maps: this host's do not matter to it
        if (endpoint instanceof SocketLocation socket) {
            checks.add(new PermissionsCheck(socket.socket()));
            checks.add(new IdMappingCheck());
        }
        checks.add(new ImageCheck(incus, image, tool));
        checks.add(new ImageAgeCheck(image, alias -> ImageCheck.builtAt(incus, alias), clock));
        return checks;
    }
}
