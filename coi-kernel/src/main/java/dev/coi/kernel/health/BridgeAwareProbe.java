package dev.coi.kernel.health;

import dev.coi.api.HostProbe;
import dev.coi.kernel.incus.IncusClient;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/** The host probe of {@code coi health}: a plain probe that also knows the containers' bridge, asked when needed. */
public record BridgeAwareProbe(HostProbe host, Supplier<Optional<String>> bridge) implements HostProbe {

    @Override
    public Optional<String> readFile(Path file) {
        return host.readFile(file);
    }

    @Override
    public Optional<String> environment(String name) {
        return host.environment(name);
    }

    @Override
    public Optional<String> setting(String key) {
        return host.setting(key);
    }

    /** May throw when Incus cannot be reached, which the health service reports for the check that asked. */
    @Override
    public Optional<String> containerBridge() {
        return bridge.get();
    }

    /** The network of the default profile's NIC, whose name is the bridge's on the host. */
    public static Supplier<Optional<String>> of(IncusClient incus) {
        return () -> DefaultProfile.read(incus).flatMap(DefaultProfile::nicNetwork);
    }
}
