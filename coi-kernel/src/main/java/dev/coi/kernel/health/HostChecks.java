package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.SocketLocation;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's checks of the host and its Incus: what a session cannot start without (the report's SYSTEM and
 * CRITICAL rows).
 *
 * @param incus the client, with short timeouts
 * @param socket where the client connects
 * @param image the configured image alias; empty when the configuration did not load
 * @param tool the configured tool; empty when the configuration did not load
 * @param clock tells the image's age
 */
record HostChecks(IncusClient incus, SocketLocation socket, Optional<String> image, Optional<String> tool, Clock clock)
        implements HealthCheckProvider {

    @Override
    public String name() {
        return "host";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(
                new OsCheck(),
                new KernelCheck(() -> incus.server().environment().kernelFeatures()),
                new IncusCheck(incus, socket),
                new PermissionsCheck(socket.socket()),
                new IdMappingCheck(),
                new ImageCheck(incus, image, tool),
                new ImageAgeCheck(image, alias -> ImageCheck.builtAt(incus, alias), clock));
    }
}
