package dev.coi.kernel.plugin;

import dev.coi.api.CoiApi;
import dev.coi.api.CoiPlugin;
import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads the third-party PF4J plugin jars that {@code plugins.lock} lists as enabled. Each jar gets its own class
 * loader; its plugins are found by the same {@link ServiceLoader} lookup as bundled ones, limited to the classes
 * of that jar so that bundled plugins visible through the parent loader are not counted twice. A jar that is
 * missing, changed since it was installed, broken or built for another coi-api is reported and skipped.
 */
final class InstalledPlugins {

    private InstalledPlugins() {
    }

    static void load(Path folder, PluginCollector collector) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        PluginLock lock;
        try {
            lock = PluginLock.read(folder);
        } catch (CoiException e) {
            collector.problem(folder.resolve(PluginLock.FILE_NAME).toString(), e.getMessage());
            return;
        }
        reportStrays(folder, lock, collector);
        PluginManager manager = null;
        for (LockedPlugin plugin : lock.plugins()) {
            if (!plugin.enabled()) {
                continue;
            }
            Path jar = folder.resolve(plugin.file());
            if (!intact(jar, plugin, collector)) {
                continue;
            }
            if (manager == null) {
                manager = newManager(folder);
            }
            loadJar(manager, jar, plugin.id(), collector);
        }
    }

    /**
     * Loads one jar on its own, as start-up would, and unloads it again: the last check before it is installed.
     *
     * @return what it loaded and every problem
     */
    static PluginRegistry trial(Path jar, String expectedId) {
        PluginCollector collector = new PluginCollector();
        PluginManager manager = newManager(jar.getParent());
        try {
            loadJar(manager, jar, expectedId, collector);
        } finally {
            manager.unloadPlugins();
        }
        return collector.registry();
    }

    private static PluginManager newManager(Path folder) {
        PluginManager manager = new JarPluginManager(folder);
        manager.setSystemVersion(CoiApi.VERSION);
        return manager;
    }

    private static boolean intact(Path jar, LockedPlugin plugin, PluginCollector collector) {
        String fix = "; reinstall it with coi plugin install " + plugin.source() + " or remove it with coi plugin remove "
                + plugin.id();
        try {
            String actual = Sha256.of(jar);
            if (!actual.equals(plugin.sha256())) {
                collector.problem(jar.toString(), "plugin " + plugin.id() + " changed since it was installed (sha256 "
                        + actual + ", " + PluginLock.FILE_NAME + " has " + plugin.sha256() + ")" + fix);
                return false;
            }
            return true;
        } catch (IOException e) {
            collector.problem(jar.toString(), "plugin " + plugin.id() + " cannot be read (" + e.getMessage() + ")" + fix);
            return false;
        }
    }

    /** Jars in the folder that were not installed with {@code coi plugin install} are never loaded. */
    private static void reportStrays(Path folder, PluginLock lock, PluginCollector collector) {
        Set<String> known = new HashSet<>();
        lock.plugins().forEach(plugin -> known.add(plugin.file()));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                if (!known.contains(jar.getFileName().toString())) {
                    collector.problem(jar.toString(), "not installed with coi plugin install, so it is not loaded;"
                            + " install it with coi plugin install " + jar + " (then delete this copy)");
                }
            }
        } catch (IOException e) {
            collector.problem(folder.toString(), "cannot read the plugin folder: " + e.getMessage());
        }
    }

    /** The exception that says what went wrong, not the service loader's wrapper around it. */
    private static String rootCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private static void loadJar(PluginManager manager, Path jar, String expectedId, PluginCollector collector) {
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
                    + "); it requires coi-api " + wrapper.getDescriptor().getRequires() + ", this coi provides " + CoiApi.VERSION
                    + ": install a version of the plugin built for coi-api " + CoiApi.VERSION + " or remove it with"
                    + " coi plugin remove " + expectedId);
            return;
        }
        ClassLoader pluginLoader = wrapper.getPluginClassLoader();
        int before = collector.count();
        int problemsBefore = collector.problemCount();
        ServiceLoader.load(CoiPlugin.class, pluginLoader).stream()
                .filter(provider -> provider.type().getClassLoader() == pluginLoader)
                .forEach(provider -> {
                    try {
                        CoiPlugin plugin = provider.get();
                        if (!plugin.id().equals(expectedId)) {
                            collector.problem(jar.toString(), provider.type().getName() + " says its id is "
                                    + plugin.id() + " but the jar's Plugin-Id is " + expectedId
                                    + "; the two must be the same");
                            return;
                        }
                        collector.add(plugin, PluginSource.INSTALLED, jar);
                    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                        collector.problem(jar.toString(), MissingApiType.explain(expectedId, e)
                                .orElse(provider.type().getName() + " could not be created: " + rootCause(e)));
                    }
                });
        if (collector.count() == before && collector.problemCount() == problemsBefore) {
            collector.problem(jar.toString(), "plugin " + pluginId + " provides no " + CoiPlugin.class.getName()
                    + " (add META-INF/services/" + CoiPlugin.class.getName() + " naming its plugin class)");
        }
    }
}
