package dev.coi.plugin.nftables;

import dev.coi.api.Availability;
import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.PortException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs nft the way this host allows it: as root directly, otherwise through passwordless {@code sudo -n}, the way
 * a normal user runs coi. The way is found once and then kept, so that a change costs one call of nft.
 */
final class NftCommand {

    /** A transaction takes milliseconds; a stuck netlink socket must not hang coi. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int NOT_FOUND = 127;
    private static final List<String> DIRECT = List.of("nft");
    private static final List<String> VIA_SUDO = List.of("sudo", "-n", "nft");
    /** Reads the kernel's tables, which needs the same right as changing them, and changes nothing. */
    private static final List<String> PROBE = List.of("list", "tables");

    private List<String> command;

    CommandResult run(HostCommands host, List<String> arguments) {
        return host.run(Stream.concat(command(host).stream(), arguments.stream()).toList(), TIMEOUT);
    }

    /** Probes, and keeps what it found, so that the kernel's check before enforcing is the only probe. */
    synchronized Availability availability(HostCommands host) {
        CommandResult direct = host.run(with(DIRECT), TIMEOUT);
        if (direct.succeeded()) {
            command = DIRECT;
            return Availability.yes("nftables usable");
        }
        CommandResult viaSudo = host.run(with(VIA_SUDO), TIMEOUT);
        if (viaSudo.succeeded()) {
            command = VIA_SUDO;
            return Availability.yes("nftables usable (driven through passwordless sudo)");
        }
        // A normal user's PATH often lacks /usr/sbin, where nft lives: only sudo, whose path has it, can tell.
        if (direct.exitCode() == NOT_FOUND && (viaSudo.exitCode() == NOT_FOUND || firstLine(viaSudo).contains("not found"))) {
            return Availability.no("nft is not installed",
                    "install it (Debian/Ubuntu: sudo apt-get install nftables; Fedora: sudo dnf install nftables)");
        }
        return Availability.no("nft list tables failed: " + firstLine(direct) + "; with sudo -n: " + firstLine(viaSudo),
                // a file per user: another user's entry stays; sudo skips file names with a dot
                "allow coi to run nft without a password: f=/etc/sudoers.d/coi-nftables-$(id -un | tr . _);"
                        + " echo \"$(id -un) ALL=(root) NOPASSWD: /usr/sbin/nft\" | sudo tee \"$f\""
                        + " && sudo chmod 440 \"$f\"");
    }

    /** Not kept while nft is unusable, so that fixing it helps without restarting coi. */
    private synchronized List<String> command(HostCommands host) {
        if (command == null) {
            Availability availability = availability(host);
            if (!availability.available()) {
                throw new PortException("cannot drive nftables: " + availability.detail() + "; " + availability.fix());
            }
        }
        return command;
    }

    private static List<String> with(List<String> command) {
        return Stream.concat(command.stream(), PROBE.stream()).toList();
    }

    /** nft's own words on one line (its errors repeat the command and underline the culprit on further lines). */
    static String firstLine(CommandResult result) {
        String text = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.isEmpty() ? "exit code " + result.exitCode() : line;
    }
}
