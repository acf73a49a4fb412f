package dev.coi.kernel.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script made from the command model (picocli writes bash and zsh ones only). fish cannot know
 * which words on the line are coi's commands, so the script carries their paths and finds the deepest one typed.
 */
final class FishCompletion {

    private FishCompletion() {
    }

    static String script(CommandSpec root) {
        String name = root.name();
        List<CommandSpec> commands = new ArrayList<>();
        collect(root, commands);
        StringBuilder script = new StringBuilder();
        script.append("# fish completion for ").append(name).append(", generated from its command model\n");
        script.append("set -g __").append(name).append("_commands ").append(commands.stream()
                .filter(command -> command != root).map(command -> quote(path(command)))
                .collect(Collectors.joining(" "))).append('\n');
        script.append("""
                function __%1$s_path --description 'the deepest %1$s command on the line so far'
                    set -l path ''
                    set -l words (commandline -opc)
                    set -e words[1]
                    for word in $words
                        set -l longer (string trim -- "$path $word")
                        if contains -- $longer $__%1$s_commands
                            set path $longer
                        end
                    end
                    echo $path
                end
                function __%1$s_at --description 'the deepest %1$s command on the line is $argv[1]'
                    set -l path (__%1$s_path)
                    test "$path" = "$argv[1]"
                end
                """.formatted(name));
        for (CommandSpec command : commands) {
            String at = "-n " + quote("__" + name + "_at \"" + path(command) + "\"");
            for (CommandSpec sub : visibleSubcommands(command)) {
                script.append("complete -c ").append(name).append(" -f ").append(at).append(" -a ")
                        .append(quote(sub.name())).append(" -d ").append(quote(summary(sub.usageMessage().description())))
                        .append('\n');
            }
            for (OptionSpec option : command.options()) {
                if (!option.hidden()) {
                    script.append(option(name, at, option)).append('\n');
                }
            }
        }
        return script.toString();
    }

    private static String option(String name, String at, OptionSpec option) {
        StringBuilder line = new StringBuilder("complete -c ").append(name).append(' ').append(at);
        for (String optionName : option.names()) {
            if (optionName.startsWith("--")) {
                line.append(" -l ").append(optionName.substring(2));
            } else if (optionName.length() == 2) {
                line.append(" -s ").append(optionName.substring(1));
            } else {
                line.append(" -o ").append(optionName.substring(1));
            }
        }
        if (option.arity().max() > 0 && !option.typeInfo().isBoolean()) {
            line.append(" -r");
            if (option.completionCandidates() != null) {
                List<String> candidates = new ArrayList<>();
                option.completionCandidates().forEach(candidates::add);
                line.append(" -f -a ").append(quote(String.join(" ", candidates)));
            }
        }
        return line.append(" -d ").append(quote(summary(option.description()))).toString();
    }

    private static void collect(CommandSpec command, List<CommandSpec> into) {
        into.add(command);
        visibleSubcommands(command).forEach(sub -> collect(sub, into));
    }

    private static List<CommandSpec> visibleSubcommands(CommandSpec command) {
        // picocli lists every alias of a subcommand under its own key; each command once is enough
        return command.subcommands().values().stream().map(sub -> sub.getCommandSpec()).distinct()
                .filter(sub -> !sub.usageMessage().hidden()).toList();
    }

    /** The words after the root that name this command, e.g. {@code container launch}. */
    private static String path(CommandSpec command) {
        return command.qualifiedName(" ").substring(command.root().name().length()).strip();
    }

    private static String summary(String[] description) {
        // picocli's %n is a line break; the first line that says something is the summary
        return Arrays.stream(description).flatMap(line -> Arrays.stream(line.split("%n")))
                .map(line -> line.replace("${DEFAULT-VALUE}", "").replace("%%", "%").strip())
                .filter(line -> !line.isEmpty())
                .findFirst().orElse("");
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
