package dev.coi.plugin.firewalld;

import dev.coi.api.Availability;
import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import java.time.Duration;
import java.util.List;

/**
 * Finds out whether firewalld runs and whether coi may drive it: as root directly, otherwise through
 * passwordless sudo, the way a normal user runs coi.
 */
final class FirewallState {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int NOT_FOUND = 127;
    /** What {@code firewall-cmd --state} exits with when the daemon does not run. */
    private static final int NOT_RUNNING = 252;

    Availability probe(HostCommands host) {
        CommandResult direct = host.run(List.of("firewall-cmd", "--state"), TIMEOUT);
        if (direct.succeeded()) {
            return Availability.yes("firewalld running");
        }
        if (direct.exitCode() == NOT_FOUND) {
            return Availability.no("firewalld is not installed",
                    "install it (Debian/Ubuntu: sudo apt-get install firewalld) and start it (sudo systemctl enable --now firewalld)");
        }
        if (direct.exitCode() == NOT_RUNNING) {
            return Availability.no("firewalld is installed but not running", "start it: sudo systemctl enable --now firewalld");
        }
        CommandResult viaSudo = host.run(List.of("sudo", "-n", "firewall-cmd", "--state"), TIMEOUT);
        if (viaSudo.succeeded()) {
            return Availability.yes("firewalld running (driven through passwordless sudo)");
        }
        return Availability.no("firewall-cmd failed: " + firstLine(direct) + "; with sudo -n: " + firstLine(viaSudo),
                "allow coi to run firewall-cmd without a password: echo \"$USER ALL=(ALL) NOPASSWD: /usr/bin/firewall-cmd\""
                        + " | sudo tee /etc/sudoers.d/coi-firewalld && sudo chmod 440 /etc/sudoers.d/coi-firewalld");
    }

    private static String firstLine(CommandResult result) {
        String text = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.isEmpty() ? "exit code " + result.exitCode() : line;
    }
}
