package dev.coi.plugin.firewalld;

import dev.coi.api.Availability;
import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.PortException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs firewall-cmd the way this host allows it, as root directly or through {@code sudo -n}. The way is found
 * once and then kept: probing before every call would double the calls, and each costs about a third of a
 * second.
 */
final class FirewallCommand {

    /** Adding or removing a direct rule takes well under a second; a hanging D-Bus must not hang coi. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final FirewallState state;
    private List<String> command;

    FirewallCommand(FirewallState state) {
        this.state = state;
    }

    CommandResult run(HostCommands host, List<String> arguments) {
        return host.run(Stream.concat(command(host).stream(), arguments.stream()).toList(), TIMEOUT);
    }

    /** Probes, and keeps what it found, so that the kernel's check before enforcing is the only probe. */
    synchronized Availability availability(HostCommands host) {
        FirewallState.Access access = state.access(host);
        if (access.availability().available()) {
            command = access.command();
        }
        return access.availability();
    }

    /** Not kept while firewalld is unusable, so that starting it helps without restarting coi. */
    private synchronized List<String> command(HostCommands host) {
        if (command == null) {
            Availability availability = availability(host);
            if (!availability.available()) {
                throw new PortException("cannot drive firewalld: " + availability.detail() + "; " + availability.fix());
            }
        }
        return command;
    }
}
