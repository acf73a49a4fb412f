package dev.coi.kernel.plugin;

import dev.coi.api.CoiPlugin;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the plugins shipped with coi through {@link ServiceLoader}: their {@code provides} clauses on the
 * module path, their {@code META-INF/services} files on the class path.
 */
final class BundledPlugins {

    private BundledPlugins() {
    }

    static void load(ClassLoader loader, PluginCollector collector) {
        ServiceLoader.load(CoiPlugin.class, loader).stream().forEach(provider -> {
            try {
                collector.add(provider.get(), PluginSource.BUNDLED, null);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                collector.problem(provider.type().getName(), "could not be created: " + e.getMessage());
            }
        });
    }
}
