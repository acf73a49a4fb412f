package dev.coi.kernel;

import dev.coi.kernel.plugin.PluginLoader;
import dev.coi.kernel.plugin.PluginRegistry;
import java.nio.file.Path;

/**
 * The kernel's services for one coi invocation. Everything is made on first use, so that a command pays only
 * for what it needs (printing the version loads no plugin and opens no socket).
 */
public final class Kernel {

    private final KernelEnvironment environment;
    private PluginRegistry plugins;

    public Kernel(KernelEnvironment environment) {
        this.environment = environment;
    }

    public KernelEnvironment environment() {
        return environment;
    }

    /** {@code ~/.coi/plugins}, where third-party plugin jars are installed. */
    public Path pluginFolder() {
        return environment.coiHome().resolve("plugins");
    }

    public PluginRegistry plugins() {
        if (plugins == null) {
            plugins = PluginLoader.load(pluginFolder());
        }
        return plugins;
    }
}
