package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.base.Bytes;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.PoolSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * {@code disk_space}: room where coi keeps saved sessions ({@code ~/.coi}) and in the storage pool that holds
 * containers and images. Either running full makes saving a session or starting a container fail half-way.
 */
public final class DiskSpaceCheck implements HealthCheck {

    /** Less free space than this, or than a tenth of the pool, is a warning. */
    static final long LOW_SPACE = 5L * 1024 * 1024 * 1024;

    /**
     * The space of the default profile's storage pool.
     *
     * @param pool  its name
     * @param space its use
     */
    public record PoolUsage(String pool, PoolSpace space) {
    }

    private final Path coiHome;
    private final ToLongFunction<Path> usableSpace;
    private final Supplier<Optional<PoolUsage>> poolUsage;

    /**
     * @param usableSpace bytes this user may still write on the file system of a path that exists
     * @param poolUsage   the pool's space; empty when the profile has no pool or Incus does not tell
     */
    public DiskSpaceCheck(Path coiHome, ToLongFunction<Path> usableSpace, Supplier<Optional<PoolUsage>> poolUsage) {
        this.coiHome = coiHome;
        this.usableSpace = usableSpace;
        this.poolUsage = poolUsage;
    }

    /** The real file system and the pool of the default profile's root disk. */
    public static DiskSpaceCheck of(Path coiHome, IncusClient incus) {
        return new DiskSpaceCheck(coiHome, DiskSpaceCheck::usableSpace, () -> DefaultProfile.read(incus)
                .flatMap(DefaultProfile::rootPool)
                .flatMap(pool -> incus.storagePoolSpace(pool).map(space -> new PoolUsage(pool, space))));
    }

    @Override
    public String name() {
        return "disk_space";
    }

    @Override
    public String category() {
        return "STORAGE";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Path existing = coiHome;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        Map<String, String> details = new LinkedHashMap<>();
        List<String> parts = new ArrayList<>();
        List<String> low = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (existing != null) {
            long free = usableSpace.applyAsLong(existing);
            details.put("coi_home_free_bytes", Long.toString(free));
            parts.add(Bytes.human(free) + " free for " + coiHome);
            if (free < LOW_SPACE) {
                low.add(coiHome.toString());
                fixes.add("free space on the disk of " + coiHome + " (coi clean --sessions deletes saved sessions"
                        + " no container uses)");
            }
        }
        Optional<PoolUsage> pool = pool();
        if (pool.isPresent()) {
            PoolSpace space = pool.get().space();
            details.put("pool", pool.get().pool());
            details.put("pool_free_bytes", Long.toString(space.free()));
            details.put("pool_total_bytes", Long.toString(space.total()));
            parts.add(Bytes.human(space.free()) + " of " + Bytes.human(space.total()) + " free in storage pool "
                    + pool.get().pool());
            if (space.total() > 0 && (space.free() < LOW_SPACE || space.free() * 10 < space.total())) {
                low.add("storage pool " + pool.get().pool());
                fixes.add("make room in the pool: coi clean, coi image cleanup, or grow it (incus storage set "
                        + pool.get().pool() + " size=...)");
            }
        } else {
            parts.add("the storage pool's space is not known");
        }
        String summary = String.join("; ", parts);
        if (low.isEmpty()) {
            return new HealthResult(Status.OK, summary, "", details);
        }
        return new HealthResult(Status.WARNING, summary + ": little space left in " + String.join(" and ", low)
                + " (less than " + Bytes.human(LOW_SPACE) + ")", String.join("; ", fixes), details);
    }

    /** Incus that cannot be reached is the incus check's failure; the home's space is still worth telling. */
    private Optional<PoolUsage> pool() {
        try {
            return poolUsage.get();
        } catch (IncusException e) {
            return Optional.empty();
        }
    }

    private static long usableSpace(Path path) {
        try {
            return Files.getFileStore(path).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of " + path + ": " + e.getMessage(), e);
        }
    }
}
