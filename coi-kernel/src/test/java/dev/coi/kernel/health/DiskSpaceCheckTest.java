package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.PoolSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceCheckTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    Path home;

    private final List<Path> asked = new ArrayList<>();

    private HealthResult check(long homeFree, Optional<DiskSpaceCheck.PoolUsage> pool) {
        NoHost host = new NoHost(Map.of());
        return new DiskSpaceCheck(home.resolve(".coi"), path -> {
            asked.add(path);
            return homeFree;
        }, () -> pool).run(host, host);
    }

    @Test
    void roomEverywherePassesAndAsksWhereTheFolderWillBe() {
        HealthResult result = check(80 * GIB,
                Optional.of(new DiskSpaceCheck.PoolUsage("default", new PoolSpace(3 * GIB, 30 * GIB))));

        assertEquals(Status.OK, result.status(), result::toString);
        assertEquals("80.0 GiB free for " + home.resolve(".coi") + "; 27.0 GiB of 30.0 GiB free in storage pool"
                + " default", result.message());
        assertEquals(List.of(home), asked, "~/.coi does not exist yet: its parent's file system counts");
    }

    @Test
    void littleRoomForSessionsWarns() {
        HealthResult result = check(2 * GIB, Optional.empty());

        assertEquals(Status.WARNING, result.status());
        assertTrue(result.message().endsWith("little space left in " + home.resolve(".coi") + " (less than 5.0 GiB)"),
                result.message());
        assertTrue(result.fix().contains("coi clean --sessions"), result.fix());
    }

    @Test
    void aNearlyFullPoolWarnsWithHowToMakeRoom() {
        HealthResult result = check(80 * GIB,
                Optional.of(new DiskSpaceCheck.PoolUsage("default", new PoolSpace(95 * GIB, 100 * GIB))));

        assertEquals(Status.WARNING, result.status());
        assertTrue(result.message().contains("little space left in storage pool default"), result.message());
        assertTrue(result.fix().contains("incus storage set default size="), result.fix());
    }

    @Test
    void withoutIncusTheHomeIsStillChecked() {
        NoHost host = new NoHost(Map.of());

        HealthResult result = new DiskSpaceCheck(home, path -> 80 * GIB, () -> {
            throw new IncusException("Incus cannot be reached", 0, "", null);
        }).run(host, host);

        assertEquals(Status.OK, result.status());
        assertEquals("80.0 GiB free for " + home + "; the storage pool's space is not known", result.message());
    }
}
