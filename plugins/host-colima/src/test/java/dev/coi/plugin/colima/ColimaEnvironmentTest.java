package dev.coi.plugin.colima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HostAdjustments;
import dev.coi.api.HostProbe;
import dev.coi.api.NetworkMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColimaEnvironmentTest {

    @TempDir
    Path root;

    private final ColimaEnvironment environment = new ColimaEnvironment();

    @Test
    void recognisesVirtiofsMounts() throws IOException {
        HostProbe probe = probe("""
                /dev/vda1 / ext4 rw,relatime 0 0
                mount0 /Users/ann virtiofs rw,relatime 0 0
                """, Map.of("USER", "ann"));

        HostAdjustments adjustments = environment.detect(probe).orElseThrow();

        assertEquals("Colima/Lima VM (virtiofs mount at /Users/ann)", adjustments.description());
        assertFalse(adjustments.uidShifting());
        assertEquals(Set.of(NetworkMode.OPEN), adjustments.workingNetworkModes());
    }

    @Test
    void recognisesTheLimaUser() throws IOException {
        HostProbe probe = probe("/dev/vda1 / ext4 rw 0 0\n", Map.of("USER", "lima"));

        assertEquals("Colima/Lima VM (user lima)", environment.detect(probe).orElseThrow().description());
    }

    @Test
    void aPlainLinuxHostIsNotColima() throws IOException {
        HostProbe probe = probe("""
                /dev/vda1 / ext4 rw 0 0
                /dev/vdb1 /srv/virtiofs-notes ext4 rw 0 0
                """, Map.of("USER", "root"));

        assertTrue(environment.detect(probe).isEmpty());
    }

    /** A host whose /proc/mounts is a fixture file under a temporary root. */
    private HostProbe probe(String mounts, Map<String, String> environmentVariables) throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/mounts"), mounts);
        return new HostProbe() {
            @Override
            public Optional<String> readFile(Path file) {
                Path fixture = root.resolve(file.toString().substring(1));
                try {
                    return Files.exists(fixture) ? Optional.of(Files.readString(fixture)) : Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Optional<String> environment(String name) {
                return Optional.ofNullable(environmentVariables.get(name));
            }

            @Override
            public Optional<String> setting(String key) {
                return Optional.empty();
            }
        };
    }
}
