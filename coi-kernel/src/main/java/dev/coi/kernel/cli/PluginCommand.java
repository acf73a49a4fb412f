package dev.coi.kernel.cli;

import dev.coi.kernel.ExitCodes;
import dev.coi.api.Extension;
import dev.coi.kernel.plugin.ExtensionKind;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginProblem;
import dev.coi.kernel.plugin.PluginRegistry;
import java.util.LinkedHashMap;

import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plugin", description = "Show the plugins coi has loaded.",
        subcommands = PluginCommand.ListCommand.class)
final class PluginCommand {

    @Command(name = "list", description = "List bundled and installed plugins with the extensions they provide.")
    static final class ListCommand extends KernelCommand {

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        private String format;

        @Override
        public Integer call() {
            Formats.TextOrJson chosen = Formats.textOrJson(format);
            PluginRegistry registry = context.kernel().plugins();
            for (PluginProblem problem : registry.problems()) {
                context.output().warn("plugin skipped: " + problem.where() + ": " + problem.message());
            }
            if (chosen == Formats.TextOrJson.JSON) {
                context.output().json(Map.of(
                        "plugins", registry.plugins().stream().map(ListCommand::json).toList(),
                        "problems", registry.problems()));
            } else {
                Table table = new Table("ID", "VERSION", "SOURCE", "EXTENSIONS", "DESCRIPTION");
                registry.plugins().forEach(plugin -> table.row(plugin.id(), plugin.version(), plugin.source().label(),
                        plugin.extensions().stream().map(ListCommand::label).collect(Collectors.joining(", ")),
                        plugin.description()));
                table.lines().forEach(context.output()::data);
            }
            return ExitCodes.OK;
        }

        private static String label(Extension extension) {
            return ExtensionKind.of(extension).stream().map(kind -> kind.label() + ":" + extension.name())
                    .collect(Collectors.joining(", "));
        }

        private static Map<String, Object> json(LoadedPlugin plugin) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", plugin.id());
            json.put("version", plugin.version());
            json.put("source", plugin.source().label());
            plugin.location().ifPresent(location -> json.put("location", location.toString()));
            json.put("description", plugin.description());
            json.put("extensions", plugin.extensions().stream()
                    .flatMap(extension -> ExtensionKind.of(extension).stream()
                            .map(kind -> Map.of("kind", kind.label(), "name", extension.name())))
                    .toList());
            return json;
        }
    }

    private PluginCommand() {
    }

}
