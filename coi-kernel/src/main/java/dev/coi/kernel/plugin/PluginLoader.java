package dev.coi.kernel.plugin;

import java.nio.file.Path;

/** Builds the {@link PluginRegistry}: bundled plugins first, then the user's installed plugin jars. */
public final class PluginLoader {

    private PluginLoader() {
    }

    /**
     * Loads every plugin. A broken plugin is recorded as a problem and skipped; it never stops coi.
     *
     * @param installedFolder the user's plugin folder, usually {@code ~/.coi/plugins}; it need not exist
     */
    public static PluginRegistry load(Path installedFolder) {
        PluginCollector collector = new PluginCollector();
        BundledPlugins.load(PluginLoader.class.getClassLoader(), collector);
        InstalledPlugins.load(installedFolder, collector);
        return collector.registry();
    }

    /** Only the plugins that come with coi; no third-party code runs. */
    public static PluginRegistry bundled() {
        PluginCollector collector = new PluginCollector();
        BundledPlugins.load(PluginLoader.class.getClassLoader(), collector);
        return collector.registry();
    }
}
