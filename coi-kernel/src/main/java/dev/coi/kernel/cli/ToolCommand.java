package dev.coi.kernel.cli;

import dev.coi.api.AiTool;
import dev.coi.api.ToolFile;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginProblem;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.tools.DataDefinedTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tool", description = "Show the AI tools coi can run.", subcommands = ToolCommand.ListCommand.class)
final class ToolCommand {

    @Command(name = "list", description = {"List the AI tools of plugins and of tool files.",
        "Tool files declare a tool each: ~/.config/coi/tools/NAME.toml, /etc/coi/tools/NAME.toml;"
                + " a file of the name of a bundled tool file replaces it."})
    static final class ListCommand extends KernelCommand {

        @Option(names = "--format", completionCandidates = Candidates.TextOrJson.class, defaultValue = "text",
                description = "text or json (default: ${DEFAULT-VALUE})")
        private String format;

        /**
         * One tool with where it comes from, its credential files the user has, and whether the image sessions start
         * from has it (empty when that cannot be told).
         */
        private record Row(AiTool tool, LoadedPlugin plugin, List<String> credentials, Optional<Boolean> installed) {

            Row(AiTool tool, LoadedPlugin plugin, Path home, Optional<Set<String>> inImage) {
                this(tool, plugin, tool.hostFiles().stream()
                        .filter(file -> file.kind() == ToolFile.Kind.CREDENTIALS)
                        .map(ToolFile::path)
                        .filter(path -> Files.isRegularFile(home.resolve(path)))
                        .toList(), inImage.map(names -> names.contains(tool.name())));
            }

            String installedText() {
                return installed.map(yes -> yes ? "yes" : "no").orElse("?");
            }

            String source() {
                return switch (plugin.source()) {
                    case DATA -> "tool file";
                    case BUNDLED_DATA -> "bundled tool file";
                    default -> plugin.source().label() + " plugin";
                };
            }

            /** The plugin id, or the file a declared tool comes from. */
            String definedBy() {
                return switch (plugin.source()) {
                    case DATA -> plugin.location().map(Object::toString).orElse(plugin.id());
                    case BUNDLED_DATA -> ((DataDefinedTool) tool).source();
                    default -> plugin.id();
                };
            }
        }

        @Override
        public Integer call() {
            Formats.TextOrJson chosen = Formats.textOrJson(format);
            PluginRegistry registry = context.kernel().plugins();
            registry.problems().forEach(problem -> context.output().warn("skipped: " + problem.where() + ": "
                    + problem.message()));
            Optional<String> selected = selectedTool();
            Path home = context.kernel().environment().home();
            Optional<Set<String>> inImage = toolsInImage();
            List<Row> rows = new ArrayList<>();
            for (LoadedPlugin plugin : registry.plugins()) {
                plugin.extensions().stream().filter(AiTool.class::isInstance).map(AiTool.class::cast)
                        .forEach(tool -> rows.add(new Row(tool, plugin, home, inImage)));
            }
            if (chosen == Formats.TextOrJson.JSON) {
                context.output().json(Map.of("tools", rows.stream().map(row -> json(row, selected, home)).toList(),
                        "problems", registry.problems().stream().map(ListCommand::json).toList()));
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "SOURCE", "IN IMAGE", "BINARY", "CONFIG DIR", "CREDENTIALS", "DEFINED BY");
            rows.forEach(row -> table.row(row.tool().name() + (selected.filter(row.tool().name()::equals).isPresent()
                            ? " *" : ""), row.source(), row.installedText(), row.tool().binary(),
                    row.tool().configDirectory().orElse("-"),
                    row.credentials().isEmpty() ? "-"
                            : row.credentials().stream().map(path -> "~/" + path).collect(Collectors.joining(",")),
                    row.definedBy()));
            table.lines().forEach(context.output()::data);
            selected.ifPresent(name -> context.output().info("* = the tool coi runs (tool.name = \"" + name + "\")"));
            if (inImage.isEmpty()) {
                context.output().info("IN IMAGE: ? = the image sessions start from is not there or does not list its"
                        + " tools; coi build makes one that does");
            }
            return ExitCodes.OK;
        }

        /**
         * The tools of the image sessions start from ({@code defaults.image}); empty when it cannot be told, which
         * leaves the list as useful as it was.
         */
        private Optional<Set<String>> toolsInImage() {
            try {
                return context.kernel().images().images().installedTools(context.kernel().config().config().image());
            } catch (ConfigException | CoiException e) {
                return Optional.empty();
            }
        }

        /** The configured tool; a configuration that cannot be loaded marks none, the list is still useful. */
        private Optional<String> selectedTool() {
            try {
                return Optional.of(context.kernel().config().config().tool().name());
            } catch (ConfigException e) {
                return Optional.empty();
            }
        }

        private static Map<String, Object> json(Row row, Optional<String> selected, Path home) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", row.tool().name());
            json.put("source", row.plugin().source().label());
            json.put("plugin", row.plugin().id());
            row.plugin().location().ifPresent(location -> json.put("location", location.toString()));
            json.put("binary", row.tool().binary());
            json.put("config_dir", row.tool().configDirectory().orElse(null));
            json.put("env", row.tool() instanceof DataDefinedTool declared ? declared.environment() : List.of());
            // paths only: what the tool's session would get, never what is in them
            json.put("credentials", row.credentials().stream().map(path -> home.resolve(path).toString()).toList());
            json.put("installed", row.installed().orElse(null));
            json.put("selected", selected.filter(row.tool().name()::equals).isPresent());
            return json;
        }

        private static Map<String, Object> json(PluginProblem problem) {
            return Map.of("where", problem.where(), "message", problem.message());
        }
    }

    private ToolCommand() {
    }
}
