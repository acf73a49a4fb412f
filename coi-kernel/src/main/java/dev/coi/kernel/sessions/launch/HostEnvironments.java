package dev.coi.kernel.sessions.launch;

import dev.coi.api.HostAdjustments;
import dev.coi.api.HostEnvironment;
import dev.coi.api.HostProbe;
import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.config.ConfigEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the host environment coi runs in: the highest-priority {@link HostEnvironment} plugin that recognises it. */
public final class HostEnvironments {

    private HostEnvironments() {
    }

    /** @return the adjustments of the recognised environment; empty on a plain Linux host */
    public static Optional<HostAdjustments> detect(List<HostEnvironment> environments, HostProbe probe) {
        return environments.stream()
                .sorted(Comparator.comparingInt(HostEnvironment::priority).reversed())
                .map(environment -> environment.detect(probe))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** A probe of the real host files, this coi's environment variables and its effective configuration. */
    public static HostProbe probe(Map<String, String> variables, CoiConfig config) {
        return probe(variables, Optional.of(config));
    }

    /** The same; without a configuration (it is invalid) every setting reads as unset. */
    public static HostProbe probe(Map<String, String> variables, Optional<CoiConfig> config) {
        return new HostProbe() {
            @Override
            public Optional<String> readFile(Path file) {
                try {
                    return Optional.of(Files.readString(file));
                } catch (IOException | RuntimeException e) {
                    return Optional.empty();
                }
            }

            @Override
            public Optional<String> environment(String name) {
                return Optional.ofNullable(variables.get(name));
            }

            @Override
            public Optional<String> setting(String key) {
                return config.flatMap(known -> known.entry(key)).map(ConfigEntry::value).map(String::valueOf);
            }
        };
    }
}
