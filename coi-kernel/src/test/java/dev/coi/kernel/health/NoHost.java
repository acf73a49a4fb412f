package dev.coi.kernel.health;

import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A host with the given files, settings and environment and no commands, for checks that read through the probe. */
record NoHost(Map<Path, String> files, Map<String, String> settings, Map<String, String> variables)
        implements HostCommands, HostProbe {

    NoHost(Map<Path, String> files) {
        this(files, Map.of());
    }

    NoHost(Map<Path, String> files, Map<String, String> settings) {
        this(files, settings, Map.of());
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        return new CommandResult(127, "", argv.getFirst() + ": command not found");
    }

    @Override
    public Optional<String> readFile(Path file) {
        return Optional.ofNullable(files.get(file));
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
