package dev.coi.kernel.incus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncusRemotesTest {

    @TempDir
    Path config;

    private IncusRemotes remotes;

    @BeforeEach
    void setUp() throws IOException, URISyntaxException {
        Files.copy(PemFilesTest.resource("ec-client.crt"), config.resolve("client.crt"));
        Files.copy(PemFilesTest.resource("ec-client.key"), config.resolve("client.key"));
        Files.writeString(config.resolve("config.yml"), """
                default-remote: local
                remotes:
                  big:
                    addr: https://10.0.0.5:8443
                    auth_type: tls
                    project: team
                    protocol: incus
                    public: false
                  bare:
                    addr: https://[fd00::5]
                    protocol: incus
                  images:
                    addr: https://images.linuxcontainers.org
                    protocol: simplestreams
                    public: true
                  sso:
                    addr: https://sso.example:8443
                    auth_type: oidc
                    protocol: incus
                  local:
                    addr: unix://
                    protocol: incus
                    public: false
                  other-socket:
                    addr: unix:///run/other/unix.socket
                aliases: {}
                """);
        Files.createDirectories(config.resolve("servercerts"));
        Files.copy(PemFilesTest.resource("rsa-client.crt"), config.resolve("servercerts/big.crt"));
        remotes = new IncusRemotes(config, path -> SocketLocation.of(Path.of(path.isBlank() ? "/var/lib/incus/unix.socket"
                : path)));
    }

    @Test
    void anHttpsRemoteIsReachedWithItsStoredServerCertificateAndProject() {
        RemoteServer big = (RemoteServer) remotes.endpoint("big");

        assertEquals("https://10.0.0.5:8443", big.address().toString());
        assertTrue(big.pinned(), "the stored server certificate is trusted, not the authorities");
        assertEquals("team", big.project("default"));
        assertEquals("mine", big.project("mine"));
        assertEquals(java.util.Optional.of("big"), big.remoteName());
        assertEquals("remote \"big\" (https://10.0.0.5:8443)", big.describe());
    }

    @Test
    void aRemoteWithoutAStoredCertificateIsCheckedAgainstTheAuthoritiesAndItsHostName() {
        RemoteServer bare = (RemoteServer) remotes.endpoint("bare");

        assertFalse(bare.pinned());
        assertEquals("default", bare.project(null));
    }

    @Test
    void aUnixRemoteIsASocket() {
        assertEquals(SocketLocation.of(Path.of("/var/lib/incus/unix.socket")), remotes.endpoint("local"));
        assertEquals(SocketLocation.of(Path.of("/run/other/unix.socket")), remotes.endpoint("other-socket"));
    }

    @Test
    void whatCoiCannotUseIsSaidWithTheWayToMendIt() {
        Map<String, String> expected = Map.of(
                "nowhere", "there is no remote \"nowhere\" in " + config.resolve("config.yml"),
                "images", "remote \"images\" is an image server (simplestreams)",
                "sso", "remote \"sso\" logs in with oidc",
                "../big", "\"../big\" is not a remote's name");
        expected.forEach((name, message) -> {
            CoiException failure = assertThrows(CoiException.class, () -> remotes.endpoint(name));
            assertTrue(failure.getMessage().contains(message), failure::getMessage);
            assertEquals(1, failure.exitCode());
        });
    }

    @Test
    void aMissingClientCertificateSaysHowToMakeOne() throws IOException {
        Files.delete(config.resolve("client.key"));

        CoiException failure = assertThrows(CoiException.class, () -> remotes.endpoint("big"));

        assertTrue(failure.getMessage().contains("incus remote generate-certificate"), failure::getMessage);
    }

    @Test
    void theConfigurationFolderIsIncusConfElseTheUsersConfigFolder() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/etc/incus-client"), IncusRemotes.configDir(Map.of("INCUS_CONF", "/etc/incus-client")::get,
                home));
        assertEquals(home.resolve(".config/incus"), IncusRemotes.configDir(Map.<String, String>of()::get, home));
    }
}
