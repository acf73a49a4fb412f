package dev.coi.kernel.cli.resident;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationWatchTest {

    @TempDir
    Path lib;

    @Test
    void seesAJarReplacedOrRemovedButNotOneLeftAlone() throws Exception {
        Path kernel = Files.writeString(lib.resolve("coi-kernel.jar"), "old");
        Path api = Files.writeString(lib.resolve("coi-api.jar"), "old");
        InstallationWatch replaced = new InstallationWatch(List.of(kernel, api));
        InstallationWatch removed = new InstallationWatch(List.of(kernel, api));
        assertFalse(replaced.getAsBoolean());

        Files.setLastModifiedTime(api, FileTime.fromMillis(Files.getLastModifiedTime(api).toMillis() + 2000));
        assertTrue(replaced.getAsBoolean());
        Files.delete(kernel);
        assertTrue(removed.getAsBoolean());
    }
}
