package dev.coi.kernel.sessions;

import dev.coi.api.AiTool;
import dev.coi.api.ToolLaunch;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.plugin.PluginSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A tool that keeps no state in the container, so that saving its session copies nothing out of the container. */
public final class StatelessTool implements AiTool {

    public static final String NAME = "faketool";

    /** The plugins of a coi that has only this tool. */
    public static PluginRegistry registry() {
        return new PluginRegistry(List.of(new LoadedPlugin("fake-tool", "1", "a tool for tests", PluginSource.BUNDLED,
                Optional.empty(), List.of(new StatelessTool()))), List.of());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String binary() {
        return NAME;
    }

    @Override
    public Optional<String> configDirectory() {
        return Optional.empty();
    }

    @Override
    public List<String> commandLine(ToolLaunch launch) {
        return List.of(NAME);
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
