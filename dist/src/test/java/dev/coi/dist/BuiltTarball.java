package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.kernel.base.BuildInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The tarball the build made (target/coi-VERSION-linux-ARCH.tar.gz), and copies of it unpacked as a user would. */
final class BuiltTarball {

    private static final Path TARGET = Path.of("target").toAbsolutePath();

    private BuiltTarball() {
    }

    static Path file() throws Exception {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> tarballs = files.filter(file -> file.getFileName().toString().matches("coi-.*-linux-.*\\.tar\\.gz"))
                    .toList();
            assertEquals(1, tarballs.size(), () -> "one tarball in " + TARGET + ": " + tarballs);
            return tarballs.get(0);
        }
    }

    /** Unpacks it into {@code folder}; returns the installation in it (coi-VERSION, holding bin/, lib/, runtime/). */
    static Path unpack(Path folder) throws Exception {
        CommandRun untar = CommandRun.run(Map.of(), "tar", "-xzf", file().toString(), "-C", folder.toString());
        assertEquals(0, untar.exitCode(), untar::toString);
        return folder.resolve("coi-" + BuildInfo.current().version());
    }

    /** The kernel's jar of an installation: the resident and the start-up cache watch its time. */
    static Path kernelJar(Path installation) throws Exception {
        try (Stream<Path> jars = Files.list(installation.resolve("lib"))) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith("coi-kernel-")).findFirst()
                    .orElseThrow();
        }
    }
}
