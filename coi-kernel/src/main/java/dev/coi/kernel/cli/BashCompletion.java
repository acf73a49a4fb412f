package dev.coi.kernel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The bash completion script: picocli's, which completes commands, flags and the values the model lists, and after
 * it the values only coi knows at the time of completion (container names, session ids, profiles:
 * {@link Candidates.Live}), which picocli's script cannot ask for. Its function runs picocli's and, where one of
 * those is wanted, offers them.
 */
final class BashCompletion {

    private BashCompletion() {
    }

    static String script(CommandLine root) {
        String name = root.getCommandName();
        CommandSpec spec = root.getCommandSpec();
        List<String> paths = CommandTree.all(spec).stream().filter(command -> command != spec)
                .map(CommandTree::path).toList();
        List<String> flagValues = new ArrayList<>();
        List<String> positionals = new ArrayList<>();
        List<String> flagsTakingValues = new ArrayList<>();
        for (CommandSpec command : CommandTree.all(spec)) {
            String path = CommandTree.path(command);
            Optional<Candidates.Live> positional = command.positionalParameters().stream().map(Candidates.Live::of)
                    .flatMap(Optional::stream).findFirst();
            positional.ifPresent(kind -> positionals.add("\"" + path + "\") kind=" + kind.function(name) + " ;;"));
            for (OptionSpec option : command.options()) {
                Optional<Candidates.Live> live = Candidates.Live.of(option);
                boolean takesValue = option.arity().max() > 0 && !option.typeInfo().isBoolean();
                for (String optionName : option.names()) {
                    live.ifPresent(kind -> flagValues.add("\"" + path + "|" + optionName + "\") kind="
                            + kind.function(name) + " ;;"));
                    if (live.isEmpty() && takesValue && positional.isPresent()) {
                        // what follows it is its value, not a name
                        flagsTakingValues.add("\"" + path + "|" + optionName + "\"");
                    }
                }
            }
        }
        StringBuilder script = new StringBuilder(AutoComplete.bash(name, root).stripTrailing()).append("\n\n");
        script.append("# Container names and session ids change while this script is in use, profiles with the folder:"
                + " coi is asked for them as they are completed.\n");
        for (Candidates.Live kind : Candidates.Live.values()) {
            script.append(kind.function(name)).append("() { ").append(kind.pipeline(name)).append("; }\n");
        }
        script.append("""
                __%1$s_paths='|%2$s|'

                # The command words typed so far, e.g. "snapshot list".
                __%1$s_path() {
                  local path="" word i
                  for ((i = 1; i < COMP_CWORD; i++)); do
                    word="${path:+$path }${COMP_WORDS[i]}"
                    [[ $__%1$s_paths == *"|$word|"* ]] && path=$word
                  done
                  printf '%%s' "$path"
                }

                __%1$s_live() {
                  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} kind="" path
                  # --resume=ID is three words to bash: --resume, = and ID (two while ID is empty)
                  if [[ $cur == "=" ]]; then
                    cur=""
                  elif [[ $prev == "=" ]]; then
                    prev=${COMP_WORDS[COMP_CWORD-2]}
                  fi
                  path=$(__%1$s_path)
                  case "$path|$prev" in
                    %3$s
                  esac
                  if [[ -z $kind ]]; then
                    [[ $cur == -* ]] && return
                    case "$path|$prev" in
                      %4$s) return ;;
                    esac
                    case "$path" in
                      %5$s
                    esac
                  fi
                  # in place of what picocli's function offered there: nothing, or an empty word
                  [[ -n $kind ]] && COMPREPLY=( $(compgen -W "$($kind)" -- "$cur") )
                }

                _complete_%1$s_live() {
                  _complete_%1$s "$@"
                  __%1$s_live
                }

                complete -F _complete_%1$s_live -o default %1$s %1$s.sh %1$s.bash
                """.formatted(name, String.join("|", paths),
                String.join("\n    ", flagValues.isEmpty() ? List.of("\"\") ;;") : flagValues),
                flagsTakingValues.isEmpty() ? "\"-\"" : String.join("|", flagsTakingValues),
                String.join("\n      ", positionals.isEmpty() ? List.of("\"\") ;;") : positionals)));
        return script.toString();
    }
}
