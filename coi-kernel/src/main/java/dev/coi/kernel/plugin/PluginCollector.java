package dev.coi.kernel.plugin;

import dev.coi.api.AiTool;
import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import dev.coi.kernel.tools.DataDefinedTool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Gathers plugins and problems while loading, and refuses a second plugin with an id already taken. */
final class PluginCollector {

    /** The id of the pseudo plugin that holds a tool declared as data. */
    static final String DECLARED_TOOL_PREFIX = "tool-file-";

    private final List<LoadedPlugin> plugins = new ArrayList<>();
    private final List<PluginProblem> problems = new ArrayList<>();

    void add(CoiPlugin plugin, PluginSource source, Path location) {
        String where = location == null ? plugin.getClass().getName() : location.toString();
        Optional<LoadedPlugin> taken = plugins.stream().filter(loaded -> loaded.id().equals(plugin.id())).findFirst();
        if (taken.isPresent()) {
            problems.add(new PluginProblem(where, "plugin id " + plugin.id() + " is already used by the "
                    + taken.get().source().label() + " plugin of that name; this one was skipped"));
            return;
        }
        List<Extension> extensions;
        try {
            extensions = plugin.extensions();
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(where, MissingApiType.explain(plugin.id(), e)
                    .orElse("plugin " + plugin.id() + " failed to list its extensions: " + e)));
            return;
        }
        plugins.add(new LoadedPlugin(plugin.id(), plugin.version(), plugin.description(), source,
                Optional.ofNullable(location), extensions));
    }

    /**
     * A tool declared as data, as a plugin of its own with that one tool. Its name must not be taken: a plugin's tool
     * of the same name would otherwise be hidden without a word.
     */
    void addDeclaredTool(DataDefinedTool tool) {
        Optional<LoadedPlugin> owner = plugins.stream()
                .filter(loaded -> loaded.extensions().stream()
                        .anyMatch(extension -> extension instanceof AiTool other && other.name().equals(tool.name())))
                .findFirst();
        if (owner.isPresent()) {
            problems.add(new PluginProblem(tool.source(), "the tool " + tool.name() + " is already"
                    + " provided by the " + owner.get().source().label() + " plugin " + owner.get().id()
                    + "; this file was skipped: rename it to declare a tool of another name"));
            return;
        }
        plugins.add(new LoadedPlugin(DECLARED_TOOL_PREFIX + tool.name(), "-", tool.description(),
                tool.file().isPresent() ? PluginSource.DATA : PluginSource.BUNDLED_DATA, tool.file(), List.of(tool)));
    }

    void problem(String where, String message) {
        problems.add(new PluginProblem(where, message));
    }

    int count() {
        return plugins.size();
    }

    int problemCount() {
        return problems.size();
    }

    PluginRegistry registry() {
        return new PluginRegistry(plugins, problems);
    }
}
