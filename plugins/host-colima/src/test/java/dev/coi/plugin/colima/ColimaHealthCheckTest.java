package dev.coi.plugin.colima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.PortException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColimaHealthCheckTest {

    private static final Map<String, String> MAC_USER = Map.of("USER", "ann", "HOME", "/home/ann.linux");

    private final ColimaHealthCheck check = new ColimaHealthCheck();
    private final List<List<String>> commands = new ArrayList<>();

    /** A host whose {@code firewall-cmd --state} exits with this code. */
    private HostCommands firewallCmdExits(int exitCode) {
        return (argv, timeout) -> {
            commands.add(argv);
            return new CommandResult(exitCode, exitCode == 0 ? "running\n" : "", exitCode == 252 ? "not running\n" : "");
        };
    }

    /**
     * A host where only root may ask firewalld (a normal user gets polkit's "Authorization failed", exit 253) and
     * {@code sudo -n firewall-cmd} answers with {@code sudoExitCode}.
     */
    private HostCommands onlyRootMayAsk(int sudoExitCode) {
        return (argv, timeout) -> {
            commands.add(argv);
            if (argv.getFirst().equals("sudo")) {
                return new CommandResult(sudoExitCode, sudoExitCode == 0 ? "running\n" : "",
                        sudoExitCode == 0 ? "" : "sudo: a password is required\n");
            }
            return new CommandResult(253, "", "Authorization failed.\n");
        };
    }

    @Test
    void aVmWhoseFirewalldANormalUserReachesThroughSudoSupportsEveryMode() {
        HealthResult result = check.run(onlyRootMayAsk(0), FixtureHost.named("colima-vz", MAC_USER));

        assertEquals(Status.OK, result.status(), result.message());
        assertTrue(result.message().endsWith("UID shifting off; network modes that work: open, restricted, allowlist"),
                result.message());
        assertEquals(List.of(List.of("firewall-cmd", "--state"), List.of("sudo", "-n", "firewall-cmd", "--state")),
                commands);
    }

    @Test
    void aVmWhoseFirewalldNeitherTheUserNorSudoMayAskSaysBoth() {
        HealthResult result = check.run(onlyRootMayAsk(1), FixtureHost.named("colima-vz", MAC_USER));

        assertEquals(Status.WARNING, result.status());
        assertTrue(result.message().endsWith("network modes that work: open (firewall-cmd --state failed with exit"
                + " code 253, and through sudo -n with exit code 1); network.mode is restricted"), result.message());
    }

    @Test
    void aPlainHostPassesWithoutAskingForFirewalld() {
        HealthResult result = check.run(firewallCmdExits(0), FixtureHost.named("plain-linux", Map.of("USER", "root")));

        assertEquals(Status.OK, result.status());
        assertEquals("not a Colima or Lima VM", result.message());
        assertEquals(Map.of("environment", "linux"), result.details());
        assertTrue(commands.isEmpty());
    }

    @Test
    void linuxSettingIsNamed() {
        HealthResult result = check.run(firewallCmdExits(0),
                FixtureHost.named("colima-vz", MAC_USER, Map.of("host.environment", "linux")));

        assertEquals(Status.OK, result.status());
        assertEquals("not a Colima or Lima VM (host.environment = linux)", result.message());
    }

    @Test
    void aVmWithFirewalldRunningSupportsEveryMode() {
        HealthResult result = check.run(firewallCmdExits(0), FixtureHost.named("colima-vz", MAC_USER));

        assertEquals(Status.OK, result.status());
        assertTrue(result.message().endsWith("UID shifting off; network modes that work: open, restricted, allowlist"),
                result.message());
        assertEquals("false", result.details().get("uid_shifting"));
        assertEquals("colima", result.details().get("environment"));
        assertEquals(List.of(List.of("firewall-cmd", "--state")), commands);
    }

    @Test
    void aVmWithoutFirewalldWarnsWhenTheModeNeedsItAndSaysHowToEnableIt() {
        HealthResult result = check.run(firewallCmdExits(127), FixtureHost.named("lima-qemu-9p", MAC_USER));

        assertEquals(Status.WARNING, result.status());
        assertEquals("Lima VM (Lima boot data at /mnt/lima-cidata, 9p share mount0 at /Users/ann, home /home/ann.linux):"
                + " UID shifting off; network modes that work: open (firewalld is not installed in the VM);"
                + " network.mode is restricted", result.message());
        assertEquals("enable firewalld inside the VM: run 'limactl shell default', then 'sudo apt-get install -y"
                + " firewalld && sudo systemctl enable --now firewalld' (Ubuntu, the default image); or use"
                + " --network=open (network.mode = \"open\")", result.fix());
        assertEquals("open", result.details().get("network_modes"));
    }

    @Test
    void aVmWithoutFirewalldIsFineInOpenMode() {
        HealthResult result = check.run(firewallCmdExits(252),
                FixtureHost.named("colima-vz", MAC_USER, Map.of("network.mode", "open")));

        assertEquals(Status.OK, result.status());
        assertTrue(result.message().endsWith("network modes that work: open (firewalld is installed in the VM but not"
                + " running)"), result.message());
    }

    @Test
    void aFirewallCmdThatCannotRunCountsAsNotRunning() {
        HostCommands hanging = (argv, timeout) -> {
            throw new PortException("timed out after 10 s");
        };

        HealthResult result = check.run(hanging, FixtureHost.named("colima-vz", MAC_USER));

        assertEquals(Status.WARNING, result.status());
        assertTrue(result.fix().startsWith("enable firewalld inside the VM: run 'colima ssh',"), result.fix());
    }
}
