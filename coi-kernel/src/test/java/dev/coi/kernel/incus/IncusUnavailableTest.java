package dev.coi.kernel.incus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncusUnavailableTest {

    @TempDir
    Path dir;

    private static IncusUnavailableException failureAt(SocketLocation location) {
        IncusClient client = new IncusClient(location, Duration.ofSeconds(2), Duration.ofSeconds(2));
        return assertThrows(IncusUnavailableException.class, client::server);
    }

    @Test
    void noSocketSaysWhereItLookedAndHowToSetIncusUp() {
        Path socket = dir.resolve("var/unix.socket");
        Path other = dir.resolve("run/unix.socket");

        IncusUnavailableException failure = failureAt(new SocketLocation(socket, "the default", List.of(other)));

        assertEquals(IncusUnavailableException.Reason.NO_SOCKET, failure.reason());
        assertEquals("Incus is not running or not installed: no socket at " + socket + " (also looked at " + other
                + "). Install Incus and start it: `sudo scripts/setup-host.sh` in the coi repository sets it up;"
                + " where Incus is installed, `sudo systemctl start incus` starts it.", failure.getMessage());
    }

    @Test
    void noSocketNamesTheSettingThatPointedThere() {
        Path socket = dir.resolve("elsewhere.socket");

        IncusUnavailableException failure = failureAt(new SocketLocation(socket, "INCUS_SOCKET", List.of()));

        assertTrue(failure.getMessage().contains("no socket at " + socket + " (from INCUS_SOCKET)"),
                failure.getMessage());
    }

    @Test
    void aSocketNobodyListensOnMeansTheDaemonIsNotRunning() throws IOException {
        Path socket = dir.resolve("unix.socket");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }

        IncusUnavailableException failure = failureAt(SocketLocation.of(socket));

        assertEquals(IncusUnavailableException.Reason.NOT_RUNNING, failure.reason());
        assertTrue(failure.getMessage().startsWith("Incus is not running: nothing answers on its socket " + socket),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("sudo systemctl start incus"), failure.getMessage());
    }

    @Test
    void aSocketThisUserMayNotUseSaysWhichGroupToJoin() throws IOException {
        assumeFalse(isRoot(),
                "root may use any socket, so EACCES cannot be provoked");
        Path socket = dir.resolve("unix.socket");
        FakeIncus listening = new FakeIncus(socket, new CannedRoutes());
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("---------"));

            IncusUnavailableException failure = failureAt(SocketLocation.of(socket));

            assertEquals(IncusUnavailableException.Reason.PERMISSION_DENIED, failure.reason());
            assertEquals("You are not allowed to use the Incus socket " + socket + ": add yourself to the incus-admin"
                    + " group (`sudo usermod -aG incus-admin $USER`), then log out and in again (or run"
                    + " `newgrp incus-admin`).", failure.getMessage());
        } finally {
            listening.close();
        }
    }

    private static boolean isRoot() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }
}
