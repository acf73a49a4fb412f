package dev.coi.kernel.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * The subcommands of {@code coi}, in the order and groups help lists them. picocli builds a command's model by
 * reflection when it is added, and building all 25 costs start-up time, so a command line that names one gets only
 * that one; help, completion scripts and man pages, which show them all, get all.
 */
final class Subcommands {

    /**
     * The commands in groups, as {@code coi --help} lists them: the everyday ones first, without a heading, then
     * the rest under a heading each.
     */
    private static final List<Group> GROUPS = List.of(
            new Group("", List.of(
                    Map.entry("shell", ShellCommand.class),
                    Map.entry("run", RunCommand.class),
                    Map.entry("attach", AttachCommand.class),
                    Map.entry("list", ListCommand.class),
                    Map.entry("shutdown", ShutdownCommand.class))),
            new Group("Sessions", List.of(
                    Map.entry("info", InfoCommand.class),
                    Map.entry("persist", PersistCommand.class),
                    Map.entry("snapshot", SnapshotCommand.class),
                    Map.entry("tmux", TmuxCommand.class),
                    Map.entry("kill", KillCommand.class),
                    Map.entry("clean", CleanCommand.class))),
            new Group("Containers and files", List.of(
                    Map.entry("container", ContainerCommand.class),
                    Map.entry("file", FileCommand.class),
                    Map.entry("sync", SyncCommand.class))),
            new Group("Images", List.of(
                    Map.entry("build", BuildCommand.class),
                    Map.entry("image", ImageCommand.class),
                    Map.entry("images", ImagesCommand.class))),
            new Group("Setup and diagnostics", List.of(
                    Map.entry("health", HealthCommand.class),
                    Map.entry("network", NetworkCommand.class),
                    Map.entry("monitor", MonitorCommand.class),
                    Map.entry("config", ConfigCommand.class),
                    Map.entry("tool", ToolCommand.class),
                    Map.entry("plugin", PluginCommand.class),
                    Map.entry("completion", CompletionCommand.class),
                    Map.entry("version", VersionCommand.class),
                    Map.entry("help", HelpCommand.class),
                    Map.entry("keeper", KeeperCommand.class),
                    Map.entry(CandidatesCommand.NAME, CandidatesCommand.class),
                    Map.entry("man-pages", ManPagesCommand.class))));

    private static final Map<String, Class<?>> BY_NAME = byName(GROUPS);

    /** Commands that show the whole command tree. */
    private static final Set<String> NEED_ALL = Set.of("help", "completion", "man-pages");

    private Subcommands() {
    }

    /** Adds to {@code coi} the subcommands that {@code args} may reach. */
    static void addTo(CommandLine coi, String... args) {
        if (args.length > 0 && BY_NAME.containsKey(args[0]) && !NEED_ALL.contains(args[0])) {
            coi.addSubcommand(args[0], BY_NAME.get(args[0]));
            return;
        }
        BY_NAME.forEach(coi::addSubcommand);
    }

    /** The names each command's annotation gives, written out: reading 25 annotations costs start-up time. */
    static Map<String, Class<?>> byName() {
        return BY_NAME;
    }

    /** The heading of the group that {@code name} opens in coi's command list; empty for any other command. */
    static Optional<String> headingBefore(String name) {
        return GROUPS.stream().filter(group -> !group.heading().isEmpty())
                .filter(group -> group.commands().getFirst().getKey().equals(name))
                .map(Group::heading).findFirst();
    }

    private static Map<String, Class<?>> byName(List<Group> groups) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        groups.forEach(group -> group.commands().forEach(command -> byName.put(command.getKey(), command.getValue())));
        return byName;
    }

    /** Commands listed together under a heading. */
    private record Group(String heading, List<Map.Entry<String, Class<?>>> commands) {
    }
}
