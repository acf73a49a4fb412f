package dev.coi.kernel.testing;

import dev.coi.api.AiTool;
import dev.coi.api.ToolLaunch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An AI tool for tests that is no more than its name: the name is its program, which it starts without arguments;
 * it keeps no folder, merges no settings and finds no session id. A test overrides what it is about.
 */
public class NamedTool implements AiTool {

    private final String name;

    public NamedTool(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String binary() {
        return name;
    }

    @Override
    public Optional<String> configDirectory() {
        return Optional.empty();
    }

    @Override
    public List<String> commandLine(ToolLaunch launch) {
        return List.of(name);
    }

    @Override
    public Map<String, Object> sandboxSettings() {
        return Map.of();
    }

    @Override
    public Optional<String> discoverSessionId(Path savedStateDirectory) {
        return Optional.empty();
    }
}
