package dev.coi.kernel.wiring;

import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginFolder;
import dev.coi.kernel.plugin.PluginInstaller;
import dev.coi.kernel.plugin.PluginLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Collectors;

/** The installed third-party plugins of one coi invocation, and their installation; no plugin is loaded for it. */
public final class PluginInstallation {

    private final Path pluginFolder;

    PluginInstallation(Path pluginFolder) {
        this.pluginFolder = pluginFolder;
    }

    /** The installed third-party plugins: {@code ~/.coi/plugins/plugins.lock} and their jars. */
    public PluginFolder installedPlugins() {
        return new PluginFolder(pluginFolder);
    }

    /** {@code coi plugin install}; it runs no third-party code until the user said yes. */
    public PluginInstaller pluginInstaller() {
        return new PluginInstaller(installedPlugins(), PluginLoader.bundled().plugins().stream()
                .map(LoadedPlugin::id).collect(Collectors.toSet()), Clock.systemUTC());
    }
}
