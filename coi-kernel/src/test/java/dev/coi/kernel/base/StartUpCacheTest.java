package dev.coi.kernel.base;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartUpCacheTest {

    @TempDir
    Path installation;

    @Test
    void theCacheServesOnlyTheInstallationsOwnRuntime() throws IOException {
        Path cache = Files.createDirectories(installation.resolve("lib")).resolve("coi.aot");
        Files.writeString(cache, "cache");

        assertEquals(Optional.of(cache), StartUpCache.of(installation, installation.resolve("runtime/bin/java")));
        assertEquals(Optional.empty(), StartUpCache.of(installation, Path.of("/usr/lib/jvm/other/bin/java")));
    }

    @Test
    void withoutACacheFileThereIsNone() {
        assertEquals(Optional.empty(), StartUpCache.of(installation, installation.resolve("runtime/bin/java")));
    }
}
