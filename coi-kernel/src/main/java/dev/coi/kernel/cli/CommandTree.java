package dev.coi.kernel.cli;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/** What the completion scripts read from the command model: the commands to offer, their paths and summaries. */
final class CommandTree {

    private CommandTree() {
    }

    /** {@code command} and every visible command below it, parents first. */
    static List<CommandSpec> all(CommandSpec command) {
        return Stream.concat(Stream.of(command),
                visibleSubcommands(command).stream().flatMap(sub -> all(sub).stream())).toList();
    }

    static List<CommandSpec> visibleSubcommands(CommandSpec command) {
        // picocli lists every alias of a subcommand under its own key; each command once is enough
        return command.subcommands().values().stream().map(sub -> sub.getCommandSpec()).distinct()
                .filter(sub -> !sub.usageMessage().hidden()).toList();
    }

    /** The words after the root that name this command, e.g. {@code container launch}. */
    static String path(CommandSpec command) {
        return command.qualifiedName(" ").substring(command.root().name().length()).strip();
    }

    static String summary(String[] description) {
        // picocli's %n is a line break; the first line that says something is the summary
        return Arrays.stream(description).flatMap(line -> Arrays.stream(line.split("%n")))
                .map(line -> line.replace("${DEFAULT-VALUE}", "").replace("%%", "%").strip())
                .filter(line -> !line.isEmpty())
                .findFirst().orElse("");
    }
}
