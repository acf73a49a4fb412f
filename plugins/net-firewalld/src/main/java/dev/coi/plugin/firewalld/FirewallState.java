package dev.coi.plugin.firewalld;

import dev.coi.api.Availability;
import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds out whether firewalld runs and whether coi may drive it: as root directly, otherwise through
 * passwordless sudo, the way a normal user runs coi.
 */
final class FirewallState {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int NOT_FOUND = 127;
    /** What {@code firewall-cmd --state} exits with when the daemon does not run. */
    private static final int NOT_RUNNING = 252;
    private static final List<String> DIRECT = List.of("firewall-cmd");
    private static final List<String> VIA_SUDO = List.of("sudo", "-n", "firewall-cmd");

    /**
     * How coi reaches firewall-cmd on this host.
     *
     * @param command the program and the arguments that precede firewall-cmd's own, empty when it cannot
     * @param availability whether it can, and how to fix it when not
     */
    record Access(List<String> command, Availability availability) {
    }

    Availability probe(HostCommands host) {
        return access(host).availability();
    }

    Access access(HostCommands host) {
        CommandResult direct = host.run(state(DIRECT), TIMEOUT);
        if (direct.succeeded()) {
            return new Access(DIRECT, Availability.yes("firewalld running"));
        }
        if (direct.exitCode() == NOT_FOUND) {
            return unavailable(Availability.no("firewalld is not installed",
                    "install it (Debian/Ubuntu: sudo apt-get install firewalld) and start it (sudo systemctl enable --now firewalld)"));
        }
        if (direct.exitCode() == NOT_RUNNING) {
            return unavailable(Availability.no("firewalld is installed but not running",
                    "start it: sudo systemctl enable --now firewalld"));
        }
        CommandResult viaSudo = host.run(state(VIA_SUDO), TIMEOUT);
        if (viaSudo.succeeded()) {
            return new Access(VIA_SUDO, Availability.yes("firewalld running (driven through passwordless sudo)"));
        }
        return unavailable(Availability.no(
                "firewall-cmd failed: " + firstLine(direct) + "; with sudo -n: " + firstLine(viaSudo),
                // a file per user: another user's entry stays; sudo skips file names with a dot
                "allow coi to run firewall-cmd without a password: f=/etc/sudoers.d/coi-firewalld-$(id -un | tr . _);"
                        + " echo \"$(id -un) ALL=(root) NOPASSWD: /usr/bin/firewall-cmd\" | sudo tee \"$f\""
                        + " && sudo chmod 440 \"$f\""));
    }

    private static List<String> state(List<String> command) {
        return Stream.concat(command.stream(), Stream.of("--state")).toList();
    }

    private static Access unavailable(Availability why) {
        return new Access(List.of(), why);
    }

    private static String firstLine(CommandResult result) {
        String text = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.isEmpty() ? "exit code " + result.exitCode() : line;
    }
}
