package dev.coi.kernel.plugin;

import dev.coi.kernel.tools.DataDefinedTools;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the {@link PluginRegistry}: bundled plugins first, then the user's installed plugin jars, then the tools
 * declared as data.
 */
public final class PluginLoader {

    private PluginLoader() {
    }

    /**
     * Loads every plugin and every tool declared as data. A broken plugin or tool file is recorded as a problem and
     * skipped; it never stops coi.
     *
     * @param installedFolder the user's plugin folder, usually {@code ~/.coi/plugins}; it need not exist
     * @param toolFolders the folders of tool files, lowest precedence first; they need not exist
     */
    public static PluginRegistry load(Path installedFolder, List<Path> toolFolders) {
        PluginCollector collector = new PluginCollector();
        BundledPlugins.load(PluginLoader.class.getClassLoader(), collector);
        InstalledPlugins.load(installedFolder, collector);
        DataDefinedTools declared = DataDefinedTools.load(PluginLoader.class.getClassLoader(), toolFolders);
        declared.tools().forEach(collector::addDeclaredTool);
        declared.problems().forEach(problem -> collector.problem(problem.file(), problem.getMessage()));
        return collector.registry();
    }

    /** Only the plugins that come with coi; no third-party code runs. */
    public static PluginRegistry bundled() {
        PluginCollector collector = new PluginCollector();
        BundledPlugins.load(PluginLoader.class.getClassLoader(), collector);
        return collector.registry();
    }
}
