package dev.coi.plugin.colima;

import dev.coi.api.HostProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A host whose files are a fixture folder under {@code src/test/resources/hosts/<name>}. The mount tables follow
 * what Lima's boot script and cloud-init templates set up: its {@code cidata} disk at {@code /mnt/lima-cidata},
 * shares tagged {@code mount0}, {@code mount1}, ... over virtiofs (vz) or 9p (qemu), or reverse sshfs; the host name
 * {@code colima[-profile]} or {@code lima-<instance>}.
 */
record FixtureHost(Path root, Map<String, String> variables, Map<String, String> settings) implements HostProbe {

    static FixtureHost named(String name, Map<String, String> variables) {
        return named(name, variables, Map.of());
    }

    static FixtureHost named(String name, Map<String, String> variables, Map<String, String> settings) {
        try {
            Path root = Path.of(FixtureHost.class.getResource("/hosts/" + name).toURI());
            return new FixtureHost(root, variables, settings);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<String> readFile(Path file) {
        Path fixture = root.resolve(file.toString().substring(1));
        try {
            return Files.exists(fixture) ? Optional.of(Files.readString(fixture)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<String> environment(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    @Override
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}
