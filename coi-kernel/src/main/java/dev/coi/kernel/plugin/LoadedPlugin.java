package dev.coi.kernel.plugin;

import dev.coi.api.Extension;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A plugin the kernel loaded, with the extensions it contributed.
 *
 * @param id the plugin id
 * @param version the plugin version
 * @param description what the plugin does
 * @param source bundled or installed
 * @param location the jar an installed plugin came from
 * @param extensions what it contributed
 */
public record LoadedPlugin(String id, String version, String description, PluginSource source,
                           Optional<Path> location, List<Extension> extensions) {

    public LoadedPlugin {
        extensions = List.copyOf(extensions);
    }
}
