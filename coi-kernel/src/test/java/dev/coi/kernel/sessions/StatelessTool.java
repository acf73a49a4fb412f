package dev.coi.kernel.sessions;

import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.plugin.PluginSource;
import dev.coi.kernel.testing.NamedTool;
import java.util.List;
import java.util.Optional;

/** A tool that keeps no state in the container, so that saving its session copies nothing out of the container. */
public final class StatelessTool extends NamedTool {

    public static final String NAME = "faketool";

    /** The plugins of a coi that has only this tool. */
    public static PluginRegistry registry() {
        return new PluginRegistry(List.of(new LoadedPlugin("fake-tool", "1", "a tool for tests", PluginSource.BUNDLED,
                Optional.empty(), List.of(new StatelessTool()))), List.of());
    }

    public StatelessTool() {
        super(NAME);
    }

    /** Installed by coi build as the bundled tools are, so that what an image recorded of it counts. */
    @Override
    public Optional<String> imageInstallScript() {
        return Optional.of("true\n");
    }
}
