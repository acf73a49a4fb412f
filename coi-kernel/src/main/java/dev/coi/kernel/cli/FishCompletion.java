package dev.coi.kernel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** @param descriptions whether each candidate carries its description */
    static String script(CommandSpec root, boolean descriptions) {
        String name = root.name();
        List<CommandSpec> commands = CommandTree.all(root);
        StringBuilder script = new StringBuilder();
        script.append("# fish completion for ").append(name).append(", generated from its command model\n");
        script.append("set -g __").append(name).append("_commands ").append(commands.stream()
                .filter(command -> command != root).map(command -> quote(CommandTree.path(command)))
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
        for (Candidates.Live kind : Candidates.Live.values()) {
            // asked as they are completed: they change while the script is in use
            script.append("function ").append(kind.function(name)).append('\n')
                    .append("    ").append(kind.pipeline(name)).append("\nend\n");
        }
        for (CommandSpec command : commands) {
            String at = "-n " + quote("__" + name + "_at \"" + CommandTree.path(command) + "\"");
            for (CommandSpec sub : CommandTree.visibleSubcommands(command)) {
                script.append("complete -c ").append(name).append(" -f ").append(at).append(" -a ")
                        .append(quote(sub.name()))
                        .append(description(descriptions, sub.usageMessage().description())).append('\n');
            }
            for (OptionSpec option : command.options()) {
                if (!option.hidden()) {
                    script.append(option(name, at, option, descriptions)).append('\n');
                }
            }
            command.positionalParameters().stream().map(Candidates.Live::of).flatMap(Optional::stream).findFirst()
                    .ifPresent(kind -> script.append("complete -c ").append(name).append(" -f ").append(at)
                            .append(" -a ").append(quote("(" + kind.function(name) + ")")).append('\n'));
        }
        return script.toString();
    }

    private static String option(String name, String at, OptionSpec option, boolean descriptions) {
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
            Optional<Candidates.Live> live = Candidates.Live.of(option);
            if (live.isPresent()) {
                line.append(" -f -a ").append(quote("(" + live.get().function(name) + ")"));
            } else if (option.completionCandidates() != null) {
                List<String> candidates = new ArrayList<>();
                option.completionCandidates().forEach(candidates::add);
                line.append(" -f -a ").append(quote(String.join(" ", candidates)));
            }
        }
        return line.append(description(descriptions, option.description())).toString();
    }

    private static String description(boolean wanted, String[] description) {
        return wanted ? " -d " + quote(CommandTree.summary(description)) : "";
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
