package dev.coi.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLockTest {

    @TempDir
    Path folder;

    private static LockedPlugin plugin(String id, boolean enabled) {
        return new LockedPlugin(id, "1.0.0", ">=0.1.0 & <0.2.0", "ab".repeat(32), "/tmp/" + id + ".jar",
                id + "-abababababab.jar", enabled, Instant.parse("2026-11-27T07:30:00Z"));
    }

    @Test
    void whatIsWrittenIsReadBack() throws Exception {
        PluginLock lock = PluginLock.empty().with(plugin("a", true)).with(plugin("b", false));

        lock.write(folder);

        assertEquals(lock, PluginLock.read(folder));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("plugins.lock"))));
    }

    @Test
    void aNewEntryForAnIdReplacesTheOldInPlace() {
        PluginLock lock = PluginLock.empty().with(plugin("a", true)).with(plugin("b", true)).with(plugin("a", false));

        assertEquals(List.of(plugin("a", false), plugin("b", true)), lock.plugins());
        assertEquals(List.of(plugin("b", true)), lock.without("a").plugins());
    }

    @Test
    void writingReplacesTheFileWholeAndLeavesNoTempFile() throws Exception {
        PluginLock.empty().with(plugin("a", true)).write(folder);
        PluginLock.empty().with(plugin("b", true)).write(folder);

        assertEquals(List.of(plugin("b", true)), PluginLock.read(folder).plugins());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("plugins.lock"), files.map(file -> file.getFileName().toString()).toList());
        }
    }

    @Test
    void noFileIsAnEmptyLockAndABrokenOneSaysHowToFixIt() throws Exception {
        assertEquals(List.of(), PluginLock.read(folder).plugins());

        Files.writeString(folder.resolve("plugins.lock"), "{\"plugins\": [{\"id\": \"a\"}]}");
        CoiException broken = assertThrows(CoiException.class, () -> PluginLock.read(folder));

        assertTrue(broken.getMessage().contains("an entry has no \"version\"")
                && broken.getMessage().contains("install the plugins again"), broken.getMessage());
    }
}
