package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.nio.file.Path;
import java.util.Optional;

/** {@code ip_forwarding}: the host forwards IPv4, without which containers reach nothing beyond it. */
public final class IpForwardingCheck implements HealthCheck {

    private static final Path SETTING = Path.of("/proc/sys/net/ipv4/ip_forward");
    private static final String FIX = "sudo sysctl -w net.ipv4.ip_forward=1, and to keep it after a reboot:"
            + " echo net.ipv4.ip_forward=1 | sudo tee /etc/sysctl.d/99-coi.conf";

    @Override
    public String name() {
        return "ip_forwarding";
    }

    @Override
    public String category() {
        return "NETWORKING";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Optional<String> value = probe.readFile(SETTING).map(String::strip);
        if (value.isEmpty()) {
            return HealthResult.warning("cannot read " + SETTING + " to see whether IPv4 forwarding is on", FIX);
        }
        if (value.get().equals("1")) {
            return HealthResult.ok("IPv4 forwarding is on");
        }
        return HealthResult.warning("IPv4 forwarding is off: containers reach the host but nothing beyond it", FIX);
    }
}
