package dev.coi.plugin.firewalld;

import dev.coi.api.Availability;
import dev.coi.api.CommandResult;
import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code bridge_firewalld_zone}: the containers' bridge is in firewalld's {@code trusted} zone. In any other zone
 * (an interface in none gets the default zone, usually {@code public}) firewalld drops what containers send to the
 * host itself, DHCP and DNS among it, so they get no address; coi's own rules filter the forwarded traffic.
 */
final class BridgeZoneCheck implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String TRUSTED = "trusted";
    /** What {@code --get-zone-of-interface} exits with for an interface bound to no zone. */
    private static final int NO_ZONE = 2;

    private final Function<HostCommands, FirewallState.Access> access;

    BridgeZoneCheck(Function<HostCommands, FirewallState.Access> access) {
        this.access = access;
    }

    @Override
    public String name() {
        return "bridge_firewalld_zone";
    }

    @Override
    public String category() {
        return "NETWORKING";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Optional<String> bridge = probe.containerBridge();
        if (bridge.isEmpty()) {
            return HealthResult.warning("not checked: the containers' bridge is not known", "see the network_bridge"
                    + " check");
        }
        FirewallState.Access found = access.apply(host);
        Availability availability = found.availability();
        if (!availability.available()) {
            return HealthResult.ok("firewalld does not run, so it filters nothing on " + bridge.get()
                    + " (see the firewall check)");
        }
        CommandResult zoneOf = host.run(command(found, "--get-zone-of-interface=" + bridge.get()), TIMEOUT);
        String zone;
        String how;
        if (zoneOf.succeeded()) {
            zone = zoneOf.stdout().strip();
            how = "in zone " + zone;
        } else if (zoneOf.exitCode() == NO_ZONE) {
            CommandResult fallback = host.run(command(found, "--get-default-zone"), TIMEOUT);
            if (!fallback.succeeded()) {
                return HealthResult.warning("cannot read firewalld's default zone: " + text(fallback),
                        "look at firewall-cmd --get-default-zone and the firewalld log");
            }
            zone = fallback.stdout().strip();
            how = "in no zone, so in the default zone " + zone;
        } else {
            return HealthResult.warning("cannot read the firewalld zone of " + bridge.get() + ": " + text(zoneOf),
                    "look at firewall-cmd --get-zone-of-interface=" + bridge.get() + " and the firewalld log");
        }
        Map<String, String> details = Map.of("bridge", bridge.get(), "zone", zone);
        if (zone.equals(TRUSTED)) {
            return new HealthResult(HealthResult.Status.OK, bridge.get() + " is " + how, "", details);
        }
        return new HealthResult(HealthResult.Status.WARNING, bridge.get() + " is " + how + ": firewalld may drop what"
                + " containers send to the host (DHCP, DNS), so they may get no address",
                "sudo firewall-cmd --zone=trusted --change-interface=" + bridge.get()
                        + ", and to keep it after a restart: sudo firewall-cmd --permanent --zone=trusted"
                        + " --change-interface=" + bridge.get(), details);
    }

    private static List<String> command(FirewallState.Access access, String argument) {
        return Stream.concat(access.command().stream(), Stream.of(argument)).toList();
    }

    private static String text(CommandResult result) {
        String text = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
        return text.isEmpty() ? "exit code " + result.exitCode() : text.lines().findFirst().orElse(text);
    }
}
