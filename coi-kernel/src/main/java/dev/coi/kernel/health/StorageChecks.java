package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.kernel.incus.IncusClient;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's checks of where coi and Incus keep their data.
 *
 * @param coiHome {@code ~/.coi}
 * @param incus the client, with short timeouts
 */
record StorageChecks(Path coiHome, IncusClient incus) implements HealthCheckProvider {

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(new CoiDirectoryCheck(coiHome), new SessionsDirectoryCheck(coiHome),
                DiskSpaceCheck.of(coiHome, incus), new StoragePoolCheck(incus));
    }
}
