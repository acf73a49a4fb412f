package dev.coi.kernel.plugin;

import dev.coi.api.CoiApi;
import dev.coi.api.CoiPlugin;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads third-party PF4J plugin jars from the user's plugin folder. Each jar gets its own class loader;
 * its plugins are found by the same {@link ServiceLoader} lookup as bundled ones, limited to the classes
 * of that jar so that bundled plugins visible through the parent loader are not counted twice.
 */
final class InstalledPlugins {

    private InstalledPlugins() {
    }

    static void load(Path folder, PluginCollector collector) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        PluginManager manager = null;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                if (manager == null) {
                    manager = new JarPluginManager(folder);
                    manager.setSystemVersion(CoiApi.VERSION);
                }
                loadJar(manager, jar, collector);
            }
        } catch (IOException e) {
            collector.problem(folder.toString(), "cannot read the plugin folder: " + e.getMessage());
        }
    }

    private static void loadJar(PluginManager manager, Path jar, PluginCollector collector) {
        String pluginId;
        try {
            pluginId = manager.loadPlugin(jar);
        } catch (RuntimeException e) {
            collector.problem(jar.toString(), "not a valid coi plugin jar (" + e.getMessage()
                    + "); remove it or replace it with a fixed version");
            return;
        }
        PluginWrapper wrapper = manager.getPlugin(pluginId);
        if (wrapper.getPluginState() != PluginState.RESOLVED && wrapper.getPluginState() != PluginState.STARTED) {
            collector.problem(jar.toString(), "plugin " + pluginId + " was not loaded (state " + wrapper.getPluginState()
                    + "); it requires coi-api " + wrapper.getDescriptor().getRequires() + ", this coi provides " + CoiApi.VERSION);
            return;
        }
        ClassLoader pluginLoader = wrapper.getPluginClassLoader();
        int before = collector.count();
        ServiceLoader.load(CoiPlugin.class, pluginLoader).stream()
                .filter(provider -> provider.type().getClassLoader() == pluginLoader)
                .forEach(provider -> {
                    try {
                        collector.add(provider.get(), PluginSource.INSTALLED, jar);
                    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                        collector.problem(jar.toString(), provider.type().getName() + " could not be created: " + e.getMessage());
                    }
                });
        if (collector.count() == before) {
            collector.problem(jar.toString(), "plugin " + pluginId + " provides no " + CoiPlugin.class.getName()
                    + " (add META-INF/services/" + CoiPlugin.class.getName() + " naming its plugin class)");
        }
    }
}
