package dev.coi.kernel.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A native zsh completion script made from the command model: a function per command that hands its options and
 * subcommands to zsh's {@code _arguments}, the way zsh's own completions are written. It starts with
 * {@code #compdef}, so it works both from a file on {@code $fpath} (the file's body is the completion function)
 * and sourced (then it registers itself with {@code compdef}).
 */
final class ZshCompletion {

    private ZshCompletion() {
    }

    /** @param descriptions whether each candidate carries its description */
    static String script(CommandSpec root, boolean descriptions) {
        String name = root.name();
        StringBuilder script = new StringBuilder();
        script.append("#compdef ").append(name).append('\n');
        script.append("# zsh completion for ").append(name).append(", generated from its command model\n");
        for (Candidates.Live kind : Candidates.Live.values()) {
            // asked as they are completed: they change while the script is in use
            script.append('\n').append(kind.function(name)).append("() {\n  local -a values\n  values=(${(f)\"$(")
                    .append(kind.pipeline(name)).append(")\"})\n  compadd -a values\n}\n");
        }
        for (CommandSpec command : CommandTree.all(root)) {
            script.append('\n').append(function(command, descriptions));
        }
        script.append("""

                if [[ $funcstack[1] == %1$s ]]; then
                  # autoloaded from a file on $fpath: this file is the completion function, and it was just called
                  %1$s "$@"
                else
                  # sourced, e.g. from ~/.zshrc: register with the completion system, loading it when not yet loaded
                  (( $+functions[compdef] )) || { autoload -Uz compinit && compinit }
                  compdef %1$s %2$s
                fi
                """.formatted(functionName(root), name));
        return script.toString();
    }

    private static String function(CommandSpec command, boolean descriptions) {
        List<String> specs = new ArrayList<>();
        for (OptionSpec option : command.options()) {
            if (!option.hidden()) {
                specs.addAll(optionSpecs(option, descriptions));
            }
        }
        List<CommandSpec> subcommands = CommandTree.visibleSubcommands(command);
        if (subcommands.isEmpty()) {
            for (PositionalParamSpec positional : command.positionalParameters()) {
                if (!positional.hidden()) {
                    specs.add(positionalSpec(positional));
                }
            }
        } else {
            specs.add("1: :->command");
            specs.add("*:: :->argument");
        }
        StringBuilder function = new StringBuilder(functionName(command)).append("() {\n");
        if (subcommands.isEmpty()) {
            function.append("  _arguments -S");
            specs.forEach(spec -> function.append(" \\\n    ").append(quote(spec)));
            return function.append("\n}\n").toString();
        }
        function.append("  local curcontext=$curcontext state state_descr line\n")
                .append("  typeset -A opt_args\n")
                .append("  _arguments -C -S");
        specs.forEach(spec -> function.append(" \\\n    ").append(quote(spec)));
        function.append("\n  case $state in\n    (command)\n      local -a subcommands\n      subcommands=(\n");
        for (CommandSpec sub : subcommands) {
            String item = escape(sub.name(), ":");
            if (descriptions) {
                item += ":" + CommandTree.summary(sub.usageMessage().description());
            }
            function.append("        ").append(quote(item)).append('\n');
        }
        function.append("      )\n      _describe -t commands ").append(quote(command.qualifiedName(" ") + " command"))
                .append(" subcommands\n      ;;\n    (argument)\n")
                .append("      curcontext=${curcontext%:*:*}:").append(functionName(command).substring(1))
                .append("-$words[1]:\n      case $words[1] in\n");
        for (CommandSpec sub : subcommands) {
            String names = sub.aliases().length == 0 ? sub.name()
                    : sub.name() + "|" + String.join("|", sub.aliases());
            function.append("        (").append(names).append(") ").append(functionName(sub)).append(" ;;\n");
        }
        return function.append("      esac\n      ;;\n  esac\n}\n").toString();
    }

    /** One spec per name: {@code (-a --all)-a[Show all.]}, {@code --format=[Format.]:FORMAT:(text json)}. */
    private static List<String> optionSpecs(OptionSpec option, boolean descriptions) {
        boolean repeatable = option.isMultiValue();
        boolean takesValue = option.arity().max() > 0 && !option.typeInfo().isBoolean();
        String excludes = repeatable || option.names().length < 2 ? ""
                : "(" + String.join(" ", option.names()) + ")";
        String explanation = descriptions ? "[" + escape(CommandTree.summary(option.description()), "[]") + "]" : "";
        List<String> specs = new ArrayList<>();
        for (String optionName : option.names()) {
            String value = "";
            if (takesValue) {
                boolean optional = option.arity().min() == 0;
                boolean isLong = optionName.length() > 2;
                // optional values only in the same word, as picocli reads them (--resume=ID)
                value = isLong ? (optional ? "=-" : "=") : (optional ? "-" : "+");
            }
            String argument = takesValue ? ":" + escape(option.paramLabel(), ":") + ":" + action(option) : "";
            specs.add((repeatable ? "*" : "") + excludes + optionName + value + explanation + argument);
        }
        return specs;
    }

    private static String positionalSpec(PositionalParamSpec positional) {
        String label = escape(positional.paramLabel(), ":");
        String position = positional.isMultiValue() || positional.arity().max() > 1 ? "*"
                : String.valueOf(positional.index().min() + 1);
        return position + ":" + label + ":" + action(positional);
    }

    /**
     * Files for paths, the candidates when the model has them, or a function of the script that asks coi for them,
     * else nothing to offer (a message only).
     */
    private static String action(ArgSpec arg) {
        Optional<Candidates.Live> live = Candidates.Live.of(arg);
        if (live.isPresent()) {
            return live.get().function(arg.command().root().name());
        }
        if (arg.completionCandidates() != null) {
            List<String> candidates = new ArrayList<>();
            arg.completionCandidates().forEach(candidates::add);
            return candidates.stream().map(candidate -> escape(candidate, " ():"))
                    .collect(Collectors.joining(" ", "(", ")"));
        }
        Class<?> type = arg.typeInfo().getType();
        return Path.class.isAssignableFrom(type) || File.class.isAssignableFrom(type) ? "_files" : " ";
    }

    private static String functionName(CommandSpec command) {
        String words = (command.root().name() + " " + CommandTree.path(command)).strip();
        return "_" + words.replaceAll("[^A-Za-z0-9]+", "_");
    }

    /** A backslash before each of {@code special} (and before a backslash), as {@code _arguments} reads it. */
    private static String escape(String text, String special) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\\' || special.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
