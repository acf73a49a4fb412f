package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks that look at host files rather than Incus. */
class HostFileChecksTest {

    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    @TempDir
    Path root;

    private static HealthResult ipForwarding(Map<Path, String> files) {
        NoHost host = new NoHost(files);
        return new IpForwardingCheck().run(host, host);
    }

    @Test
    void ipForwardingOnPasses() {
        assertEquals(HealthResult.ok("IPv4 forwarding is on"), ipForwarding(Map.of(IP_FORWARD, "1\n")));
    }

    @Test
    void ipForwardingOffWarnsWithTheSysctlThatTurnsItOn() {
        HealthResult result = ipForwarding(Map.of(IP_FORWARD, "0\n"));

        assertEquals(Status.WARNING, result.status());
        assertEquals("IPv4 forwarding is off: containers reach the host but nothing beyond it", result.message());
        assertTrue(result.fix().startsWith("sudo sysctl -w net.ipv4.ip_forward=1"), result.fix());
    }

    @Test
    void ipForwardingUnreadableWarns() {
        assertEquals(Status.WARNING, ipForwarding(Map.of()).status());
    }

    private static final Path OS_RELEASE = Path.of("/etc/os-release");

    @Test
    void theOsIsNamedWithItsArchitecture() {
        NoHost host = new NoHost(Map.of(OS_RELEASE, "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12"
                + " (bookworm)\"\nID=debian\n"));

        HealthResult result = new OsCheck("amd64").run(host, host);

        assertEquals(Status.OK, result.status());
        assertEquals("Debian GNU/Linux 12 (bookworm) (amd64)", result.message());
    }

    private HealthResult coiDirectory(Path coiHome) {
        NoHost host = new NoHost(Map.of());
        return new CoiDirectoryCheck(coiHome).run(host, host);
    }

    @Test
    void aMissingCoiDirectoryUnderAWritableHomeIsFine() {
        HealthResult result = coiDirectory(root.resolve(".coi"));

        assertEquals(Status.OK, result.status());
        assertTrue(result.message().endsWith("does not exist yet; coi makes it when it first needs it"));
    }

    @Test
    void aWritableCoiDirectoryPasses() throws IOException {
        Path coiHome = Files.createDirectories(root.resolve(".coi/sessions-claude"));

        assertEquals(HealthResult.ok(coiHome.getParent() + " is writable"), coiDirectory(coiHome.getParent()));
    }

    @Test
    void aFileWhereTheFolderShouldBeFails() throws IOException {
        Path coiHome = Files.writeString(root.resolve(".coi"), "");

        assertEquals(Status.FAILED, coiDirectory(coiHome).status());
    }

    @Test
    void aFolderCoiCannotWriteFailsAndSaysToTakeItBack() throws IOException {
        Path coiHome = Files.createDirectories(root.resolve(".coi"));
        Path sessions = Files.createDirectories(coiHome.resolve("sessions-claude"));
        Files.createDirectories(coiHome.resolve("credentials"));
        NoHost host = new NoHost(Map.of());

        HealthResult result = new CoiDirectoryCheck(coiHome, folder -> !folder.equals(sessions)).run(host, host);

        assertEquals(Status.FAILED, result.status());
        assertEquals("coi cannot write to " + sessions, result.message());
        assertEquals("give them back to yourself: sudo chown -R \"$USER\" " + coiHome, result.fix());
    }

    @Test
    void theDefaultProfileNamesItsRootPoolAndItsNicNetwork() {
        DefaultProfile profile = new DefaultProfile(Map.of(
                "root", Map.of("type", "disk", "path", "/", "pool", "fast"),
                "data", Map.of("type", "disk", "path", "/data", "pool", "slow", "source", "/srv"),
                "eth1", Map.of("type", "nic", "nictype", "bridged", "parent", "br1"),
                "eth0", Map.of("type", "nic", "network", "incusbr0")));

        assertEquals(Optional.of("fast"), profile.rootPool());
        assertEquals(Optional.of("incusbr0"), profile.nicNetwork());
        assertEquals(Optional.of("br1"), new DefaultProfile(Map.of(
                "eth0", Map.of("type", "nic", "nictype", "bridged", "parent", "br1"))).nicNetwork());
        assertEquals(Optional.empty(), new DefaultProfile(Map.of()).rootPool());
    }
}
