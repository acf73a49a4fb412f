package dev.coi.kernel.plugin;

import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Gathers plugins and problems while loading, and refuses a second plugin with an id already taken. */
final class PluginCollector {

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
            problems.add(new PluginProblem(where, "plugin " + plugin.id() + " failed to list its extensions: " + e));
            return;
        }
        plugins.add(new LoadedPlugin(plugin.id(), plugin.version(), plugin.description(), source,
                Optional.ofNullable(location), extensions));
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
