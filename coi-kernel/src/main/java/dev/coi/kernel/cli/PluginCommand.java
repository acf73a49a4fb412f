package dev.coi.kernel.cli;

import dev.coi.api.Extension;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.plugin.ExtensionKind;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.LockedPlugin;
import dev.coi.kernel.plugin.PluginInstaller;
import dev.coi.kernel.plugin.PluginLock;
import dev.coi.kernel.plugin.PluginRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plugin", description = "List, install, enable, disable and remove plugins.",
        subcommands = {PluginCommand.ListCommand.class, PluginCommand.InstallCommand.class,
                PluginCommand.EnableCommand.class, PluginCommand.DisableCommand.class,
                PluginCommand.RemoveCommand.class})
final class PluginCommand {

    private static final String RIGHTS = "A plugin runs inside coi with your user's rights: it can read and change your"
            + " files and start programs. Install only plugins whose author you trust.";

    @Command(name = "list", description = {"List the bundled and installed plugins.",
            "With the state of each and the extensions it provides."})
    static final class ListCommand extends KernelCommand {

        @Option(names = "--format", completionCandidates = Candidates.TextOrJson.class, defaultValue = "text",
                description = "text or json (default: ${DEFAULT-VALUE})")
        private String format;

        @Override
        public Integer call() {
            Formats.TextOrJson chosen = Formats.textOrJson(format);
            PluginRegistry registry = context.kernel().plugins();
            PluginLock lock = installedLock();
            List<Map<String, Object>> rows = new ArrayList<>();
            registry.plugins().forEach(plugin -> rows.add(row(plugin, lock.plugins().stream()
                    .filter(locked -> locked.id().equals(plugin.id())).findFirst())));
            lock.plugins().stream()
                    .filter(locked -> registry.plugins().stream().noneMatch(plugin -> plugin.id().equals(locked.id())))
                    .forEach(locked -> rows.add(notLoaded(locked)));
            if (chosen == Formats.TextOrJson.JSON) {
                context.output().json(Map.of("plugins", rows, "problems", registry.problems()));
            } else {
                Table table = new Table("ID", "VERSION", "SOURCE", "STATE", "EXTENSIONS", "DESCRIPTION");
                for (Map<String, Object> row : rows) {
                    @SuppressWarnings("unchecked")
                    List<Map<String, String>> extensions = (List<Map<String, String>>) row.get("extensions");
                    table.row((String) row.get("id"), (String) row.get("version"), (String) row.get("source"),
                            (String) row.get("state"), extensions.isEmpty() ? "-" : extensions.stream()
                                    .map(extension -> extension.get("kind") + ":" + extension.get("name"))
                                    .collect(Collectors.joining(", ")),
                            (String) row.getOrDefault("description", "-"));
                }
                table.lines().forEach(context.output()::data);
            }
            return ExitCodes.OK;
        }

        /** A broken lock file is already reported by the loading; the list then shows what did load. */
        private PluginLock installedLock() {
            try {
                return context.pluginInstallation().installedPlugins().lock();
            } catch (CoiException e) {
                return new PluginLock(List.of());
            }
        }

        private static Map<String, Object> row(LoadedPlugin plugin, Optional<LockedPlugin> locked) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", plugin.id());
            json.put("version", plugin.version());
            json.put("source", plugin.source().label());
            json.put("state", "enabled");
            plugin.location().ifPresent(location -> json.put("location", location.toString()));
            locked.ifPresent(entry -> installedFacts(json, entry));
            json.put("description", plugin.description());
            json.put("extensions", plugin.extensions().stream().flatMap(ListCommand::extensionFacts).toList());
            return json;
        }

        /** Installed but not loaded: disabled, or skipped for a problem that was reported. */
        private static Map<String, Object> notLoaded(LockedPlugin locked) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", locked.id());
            json.put("version", locked.version());
            json.put("source", "installed");
            json.put("state", locked.enabled() ? "not-loaded" : "disabled");
            installedFacts(json, locked);
            json.put("extensions", List.of());
            return json;
        }

        private static void installedFacts(Map<String, Object> json, LockedPlugin locked) {
            json.put("from", locked.source());
            json.put("sha256", locked.sha256());
            json.put("requires", locked.requires());
        }

        private static Stream<Map<String, String>> extensionFacts(Extension extension) {
            return ExtensionKind.of(extension).stream().map(kind -> {
                // kind first, in the JSON too
                Map<String, String> facts = new LinkedHashMap<>();
                facts.put("kind", kind.label());
                facts.put("name", extension.name());
                return facts;
            });
        }
    }

    @Command(name = "install", description = {"Install a third-party plugin jar from a path or an https URL.",
            "Plugins run with your user's rights; coi asks before installing one (--yes answers for you)."})
    static final class InstallCommand extends KernelCommand {

        @Parameters(paramLabel = "PATH|URL", description = "the plugin jar: a local path, or an https URL (needs --sha256)")
        private String source;

        @Option(names = "--sha256", paramLabel = "HEX", description = "the jar's SHA-256; required for a URL")
        private String sha256;

        @Option(names = {"-y", "--yes"}, description = "install without asking (for scripts, after checking the plugin)")
        private boolean yes;

        @Override
        public Integer call() {
            if (!yes && !context.terminal()) {
                throw CoiException.failure("installing a plugin needs your confirmation and there is no terminal to"
                        + " ask on. " + RIGHTS + " Once you trust it, run: coi plugin install " + source
                        + (sha256 == null ? "" : " --sha256 " + sha256) + " --yes");
            }
            Output output = context.output();
            PluginInstaller.InstalledPlugin installed = context.pluginInstallation().pluginInstaller()
                    .install(source, Optional.ofNullable(sha256), (manifest, digest, replaced) -> {
                        output.warn("plugin " + manifest.id() + " " + manifest.version() + " (coi-api "
                                + manifest.requires() + ") from " + source + ", sha256 " + digest
                                + replaced.map(old -> ", replacing the installed " + old.version()).orElse(""));
                        output.info(RIGHTS);
                        return yes || new Confirmation(context.input(), output).ask("Install plugin " + manifest.id() + "?");
                    });
            LoadedPlugin loaded = installed.loaded();
            output.info("installed plugin " + loaded.id() + " " + installed.locked().version() + " ("
                    + (loaded.extensions().isEmpty() ? "no extensions" : loaded.extensions().stream()
                    .flatMap(ListCommand::extensionFacts).map(facts -> facts.get("kind") + ":" + facts.get("name"))
                    .collect(Collectors.joining(", "))) + "); coi uses it from the next command on");
            return ExitCodes.OK;
        }
    }

    @Command(name = "enable", description = "Load an installed plugin again.")
    static final class EnableCommand extends KernelCommand {

        @Parameters(paramLabel = "ID", description = "the plugin's id, as coi plugin list shows it")
        private String id;

        @Override
        public Integer call() {
            LockedPlugin plugin = context.pluginInstallation().installedPlugins().enable(id);
            context.output().info("plugin " + plugin.id() + " " + plugin.version() + " enabled");
            return ExitCodes.OK;
        }
    }

    @Command(name = "disable", description = "Keep an installed plugin but stop loading it.")
    static final class DisableCommand extends KernelCommand {

        @Parameters(paramLabel = "ID", description = "the plugin's id, as coi plugin list shows it")
        private String id;

        @Override
        public Integer call() {
            LockedPlugin plugin = context.pluginInstallation().installedPlugins().disable(id);
            context.output().info("plugin " + plugin.id() + " " + plugin.version()
                    + " disabled: coi no longer loads it (coi plugin enable " + plugin.id() + " turns it back on)");
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Uninstall a plugin and delete coi's copy of its jar.")
    static final class RemoveCommand extends KernelCommand {

        @Parameters(paramLabel = "ID", description = "the plugin's id, as coi plugin list shows it")
        private String id;

        @Override
        public Integer call() {
            LockedPlugin plugin = context.pluginInstallation().installedPlugins().remove(id);
            context.output().info("plugin " + plugin.id() + " " + plugin.version() + " removed");
            return ExitCodes.OK;
        }
    }

    private PluginCommand() {
    }
}
