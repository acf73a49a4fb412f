package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coi.kernel.CoiException;
import dev.coi.kernel.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void takesEveryCrtUnderTheLocalFolderAndTheNamedOnes() throws IOException {
        Path local = Files.createDirectories(dir.resolve("local/corp"));
        Files.writeString(local.resolve("proxy.crt"), "A");
        Files.writeString(local.resolve("README"), "not a certificate");
        Files.writeString(dir.resolve("local/top.crt"), "B");
        Path named = Files.writeString(dir.resolve("extra.pem"), "C");

        List<BuildRecipe.File> files = HostCertificates.find(dir.resolve("local"), List.of(named));

        assertEquals(List.of("ca/01-proxy.crt", "ca/02-top.crt", "ca/03-extra.crt"),
                files.stream().map(BuildRecipe.File::path).toList());
        assertArrayEquals("C".getBytes(), files.get(2).content());
        assertEquals(0644, files.get(0).mode());
    }

    @Test
    void noLocalFolderIsNoCertificates() {
        assertEquals(List.of(), HostCertificates.find(dir.resolve("missing"), List.of()));
    }

    @Test
    void aNamedCertificateThatIsNotThereIsAConfigurationError() {
        CoiException error = assertThrows(CoiException.class,
                () -> HostCertificates.find(dir, List.of(dir.resolve("gone.crt"))));
        assertEquals(ExitCodes.USAGE, error.exitCode());
    }
}
