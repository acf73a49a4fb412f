package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.StoragePoolInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code incus_storage_pool}: the pool of the default profile's root disk exists, is usable and copies images
 * cheaply. Its free space is the disk_space check's.
 */
public final class StoragePoolCheck implements HealthCheck {

    private final IncusClient incus;

    public StoragePoolCheck(IncusClient incus) {
        this.incus = incus;
    }

    @Override
    public String name() {
        return "incus_storage_pool";
    }

    @Override
    public String category() {
        return "STORAGE";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Optional<String> poolName = DefaultProfile.read(incus).flatMap(DefaultProfile::rootPool);
        if (poolName.isEmpty()) {
            return HealthResult.failed("the default profile has no root disk, so containers get no storage",
                    "incus profile device add default root disk path=/ pool=POOL (incus storage list shows the pools)");
        }
        String name = poolName.get();
        Optional<StoragePoolInfo> found = incus.storagePool(name);
        if (found.isEmpty()) {
            return HealthResult.failed("storage pool " + name + " of the default profile does not exist",
                    "create it: incus storage create " + name + " btrfs size=30GiB");
        }
        StoragePoolInfo pool = found.get();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("pool", name);
        details.put("driver", pool.driver());
        details.put("status", pool.status());
        if (!"Created".equalsIgnoreCase(pool.status())) {
            return new HealthResult(Status.FAILED, "storage pool " + name + " is " + pool.status(),
                    "look at 'incus storage show " + name + "' and the disk or file behind it", details);
        }
        String summary = name + " (" + pool.driver() + ")";
        if ("dir".equals(pool.driver())) {
            return new HealthResult(Status.WARNING, summary + ": every new container unpacks the whole image",
                    "use a copy-on-write pool: incus storage create coi btrfs size=30GiB, then incus profile device"
                            + " set default root pool=coi", details);
        }
        return new HealthResult(Status.OK, summary, "", details);
    }
}
