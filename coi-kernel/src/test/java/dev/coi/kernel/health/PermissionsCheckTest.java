package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionsCheckTest {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path GROUPS = Path.of("/etc/group");
    private static final String GROUP_FILE = "root:x:0:\nincus-admin:x:996:alice,bob\nlxd:x:990:carol\n";

    @TempDir
    Path root;

    private Path socket;

    @BeforeEach
    void socket() throws IOException {
        socket = Files.createFile(root.resolve("unix.socket"));
    }

    private static String status(int uid, String groups) {
        return "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nGroups:\t" + groups + "\n";
    }

    private HealthResult check(String user, String status, Map<String, String> settings, boolean usable) {
        NoHost host = new NoHost(Map.of(STATUS, status, GROUPS, GROUP_FILE), settings, Map.of("USER", user));
        return new PermissionsCheck(socket, path -> usable).run(host, host);
    }

    @Test
    void rootMayUseTheSocket() {
        HealthResult result = check("root", status(0, ""), Map.of(), false);

        assertEquals(HealthResult.ok("running as root, which may use the Incus socket " + socket), result);
    }

    @Test
    void aMemberOfTheGroupMayUseTheSocket() {
        HealthResult result = check("alice", status(1000, "27 996 1000"), Map.of(), true);

        assertEquals(HealthResult.ok("alice may use the Incus socket " + socket + " (member of incus-admin)"), result);
    }

    @Test
    void aUserOutsideTheGroupFailsAndIsToldToJoinIt() {
        HealthResult result = check("dave", status(1001, "1001"), Map.of(), false);

        assertEquals(Status.FAILED, result.status());
        assertEquals("dave cannot use the Incus socket " + socket + ": not root and not in the group incus-admin",
                result.message());
        assertEquals("sudo usermod -aG incus-admin dave, then log out and in again (or start a shell with the group:"
                + " newgrp incus-admin)", result.fix());
    }

    @Test
    void aUserAddedToTheGroupButNotLoggedInAgainIsToldToLogInAgain() {
        HealthResult result = check("bob", status(1002, "1002"), Map.of(), false);

        assertEquals(Status.FAILED, result.status());
        assertEquals("bob was added to incus-admin, but this login does not have the group yet, so it cannot use "
                + socket, result.message());
        assertEquals("log out and in again (or start a shell with the group: newgrp incus-admin)", result.fix());
    }

    @Test
    void theConfiguredGroupIsTheOneThatCounts() {
        HealthResult result = check("carol", status(1003, "1003"), Map.of("incus.group", "lxd"), false);

        assertEquals(Status.FAILED, result.status());
        assertEquals("carol was added to lxd, but this login does not have the group yet, so it cannot use " + socket,
                result.message());
    }

    @Test
    void noSocketIsLeftToTheIncusCheck() throws IOException {
        Files.delete(socket);

        HealthResult result = check("dave", status(1001, "1001"), Map.of(), false);

        assertEquals(HealthResult.warning("not checked: there is no Incus socket at " + socket, "see the incus check"),
                result);
    }
}
