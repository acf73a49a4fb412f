package dev.coi.plugin.firewalld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Availability;
import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirewallStateTest {

    private final List<List<String>> calls = new ArrayList<>();

    private HostCommands host(Map<String, CommandResult> byCommand) {
        return (argv, timeout) -> {
            calls.add(argv);
            return byCommand.getOrDefault(String.join(" ", argv), new CommandResult(1, "", "unexpected"));
        };
    }

    @Test
    void runningAsRoot() {
        Availability availability = new FirewallState().probe(host(Map.of(
                "firewall-cmd --state", new CommandResult(0, "running\n", ""))));

        assertTrue(availability.available());
        assertEquals(1, calls.size());
    }

    @Test
    void notInstalledSaysHowToInstall() {
        Availability availability = new FirewallState().probe(host(Map.of(
                "firewall-cmd --state", new CommandResult(127, "", "not found"))));

        assertFalse(availability.available());
        assertTrue(availability.fix().contains("apt-get install firewalld"), availability.fix());
    }

    @Test
    void notRunning() {
        Availability availability = new FirewallState().probe(host(Map.of(
                "firewall-cmd --state", new CommandResult(252, "not running\n", ""))));

        assertEquals("firewalld is installed but not running", availability.detail());
    }

    @Test
    void normalUserNeedsPasswordlessSudo() {
        Availability viaSudo = new FirewallState().probe(host(Map.of(
                "firewall-cmd --state", new CommandResult(11, "", "Authorization failed."),
                "sudo -n firewall-cmd --state", new CommandResult(0, "running\n", ""))));
        assertTrue(viaSudo.available());

        Availability denied = new FirewallState().probe(host(Map.of(
                "firewall-cmd --state", new CommandResult(11, "", "Authorization failed."),
                "sudo -n firewall-cmd --state", new CommandResult(1, "", "sudo: a password is required"))));
        assertFalse(denied.available());
        assertTrue(denied.detail().contains("Authorization failed."), denied.detail());
        assertTrue(denied.fix().contains("NOPASSWD: /usr/bin/firewall-cmd"), denied.fix());
    }
}
