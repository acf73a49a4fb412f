package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.PoolSpace;
import dev.coi.kernel.incus.StoragePoolInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code incus_storage_pool}: the pool of the default profile's root disk exists, is usable, copies images cheaply
 * and has room.
 */
public final class StoragePoolCheck implements HealthCheck {

    /** Less free space than this, or than a tenth of the pool, is a warning. */
    static final long LOW_SPACE = 5L * 1024 * 1024 * 1024;

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
        Optional<PoolSpace> space = incus.storagePoolSpace(name);
        space.ifPresent(known -> {
            details.put("used_bytes", Long.toString(known.used()));
            details.put("total_bytes", Long.toString(known.total()));
        });
        String summary = name + " (" + pool.driver() + space.map(known -> ", " + Bytes.gib(known.free()) + " free of "
                + Bytes.gib(known.total())).orElse("") + ")";
        if (space.isPresent() && lowOnSpace(space.get())) {
            return new HealthResult(Status.WARNING, summary + ": little space left for containers and images",
                    "make room: coi clean, coi image cleanup, or grow the pool (incus storage set " + name
                            + " size=...)", details);
        }
        if ("dir".equals(pool.driver())) {
            return new HealthResult(Status.WARNING, summary + ": every new container unpacks the whole image",
                    "use a copy-on-write pool: incus storage create coi btrfs size=30GiB, then incus profile device"
                            + " set default root pool=coi", details);
        }
        return new HealthResult(Status.OK, summary, "", details);
    }

    private static boolean lowOnSpace(PoolSpace space) {
        return space.total() > 0 && (space.free() < LOW_SPACE || space.free() * 10 < space.total());
    }
}
