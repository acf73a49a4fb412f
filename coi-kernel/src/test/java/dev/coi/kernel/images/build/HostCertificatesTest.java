package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
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
        Path named = Files.write(dir.resolve("extra.pem"), resource("test-ca.pem"));

        assertEquals(List.of(local.resolve("proxy.crt"), dir.resolve("local/top.crt"), named),
                HostCertificates.paths(dir.resolve("local"), List.of(named)));
    }

    @Test
    void noLocalFolderIsNoCertificates() {
        assertEquals(List.of(), HostCertificates.paths(dir.resolve("missing"), List.of()));
    }

    @Test
    void aNamedCertificateThatIsNotThereIsAConfigurationError() {
        CoiException error = assertThrows(CoiException.class,
                () -> HostCertificates.paths(dir, List.of(dir.resolve("gone.crt"))));
        assertEquals(ExitCodes.USAGE, error.exitCode());
    }

    @Test
    void aPrivateKeyNamedAsACertificateIsRefused() throws IOException {
        Path key = Files.write(dir.resolve("id_ed25519"), resource("test-private-key.pem"));

        CoiException error = assertThrows(CoiException.class, () -> HostCertificates.paths(dir, List.of(key)));

        assertEquals(ExitCodes.USAGE, error.exitCode());
        assertTrue(error.getMessage().startsWith("build.ca_certificates names " + key + ", but "), error::getMessage);
    }

    @Test
    void aFolderOrAFifoNamedAsACertificateIsRefused() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder.crt"));
        assertThrows(CoiException.class, () -> HostCertificates.paths(dir.resolve("none"), List.of(folder)));
        Path fifo = dir.resolve("fifo.crt");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        assertThrows(CoiException.class, () -> HostCertificates.paths(dir.resolve("none"), List.of(fifo)));
    }

    @Test
    void aSymlinkToACertificateIsTaken() throws IOException {
        Path target = Files.write(dir.resolve("system-ca.pem"), resource("test-ca.pem"));
        Path link = Files.createSymbolicLink(dir.resolve("link.crt"), target);

        assertEquals(List.of(link), HostCertificates.paths(dir.resolve("none"), List.of(link)));
    }

    private static byte[] resource(String name) throws IOException {
        try (var in = HostCertificatesTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
