package dev.coi.kernel.plugin;

import dev.coi.api.AiTool;
import dev.coi.api.Extension;
import java.util.List;
import java.util.Optional;

/**
 * Every loaded plugin and every problem met while loading, the one place the kernel asks for extensions.
 *
 * @param plugins the loaded plugins, bundled first
 * @param problems the plugins that were skipped and why
 */
public record PluginRegistry(List<LoadedPlugin> plugins, List<PluginProblem> problems) {

    public PluginRegistry {
        plugins = List.copyOf(plugins);
        problems = List.copyOf(problems);
    }

    /** The extensions of one point, in plugin order. */
    public <T extends Extension> List<T> extensions(Class<T> point) {
        return plugins.stream()
                .flatMap(plugin -> plugin.extensions().stream())
                .filter(point::isInstance)
                .map(point::cast)
                .toList();
    }

    /** The AI tool with this name. */
    public Optional<AiTool> tool(String name) {
        return extensions(AiTool.class).stream().filter(tool -> tool.name().equals(name)).findFirst();
    }
}
