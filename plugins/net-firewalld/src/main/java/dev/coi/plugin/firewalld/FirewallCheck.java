package dev.coi.plugin.firewalld;

import dev.coi.api.Availability;
import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code firewall}: firewalld runs and coi may drive it. When it is the backend the user chose
 * ({@code network.backend = "firewalld"}), the restricted and allowlist network modes cannot start a session without
 * it, so with one of them configured ({@code network.mode}, restricted by default) its absence is a failure;
 * otherwise only a warning: in open mode for the day a session asks for another mode, and with
 * {@code network.backend = auto} because another backend may enforce the mode (the {@code network_mode} check says
 * whether one does).
 */
final class FirewallCheck implements HealthCheck {

    private final Function<HostCommands, FirewallState.Access> access;

    FirewallCheck(Function<HostCommands, FirewallState.Access> access) {
        this.access = access;
    }

    @Override
    public String name() {
        return "firewall";
    }

    @Override
    public String category() {
        return "NETWORKING";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Availability availability = access.apply(host).availability();
        if (availability.available()) {
            return HealthResult.ok(availability.detail());
        }
        // an invalid configuration reads as unset: the default mode applies
        String mode = probe.setting("network.mode").map(value -> value.toLowerCase(Locale.ROOT)).orElse("restricted");
        if (mode.equals("open")) {
            return HealthResult.warning(availability.detail() + " (network.mode is open; --network=restricted and"
                    + " allowlist need it)", availability.fix());
        }
        String backend = probe.setting("network.backend").orElse("auto");
        if (!backend.equals(FirewalldBackend.NAME)) {
            return HealthResult.warning(availability.detail() + " (network.backend is " + backend + ": another"
                    + " backend enforces network.mode " + mode + " where one works; see network_mode)",
                    availability.fix());
        }
        return HealthResult.failed(availability.detail() + ", but network.backend is firewalld and network.mode is "
                + mode + ", which needs it:"
                + " no session can start", availability.fix() + "; or set network.mode = \"open\" (no network"
                + " isolation)");
    }
}
