package dev.coi.kernel.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The session flags given before the command ({@code coi --persistent shell}, {@code coi --slot 2 run -- make}). The
 * reference tool has them as global flags, so scripts pass them there: each is handed to the command when it takes
 * that flag; before a command that does not, it would do nothing, so it is refused rather than dropped.
 */
final class RootSessionFlags {

    private RootSessionFlags() {
    }

    /**
     * Hands the root's session flags to the command. A flag given at both places keeps the command's value, which
     * comes later on the line; a repeatable one ({@code -e}, {@code --mount}) gets both lists, the root's first.
     *
     * @throws ParameterException when the command takes one of them not
     */
    static void handOn(ParseResult root) {
        if (!root.hasSubcommand() || helpRequested(root)) {
            return;
        }
        ParseResult command = root.subcommand();
        String name = command.commandSpec().name();
        Set<OptionSpec> session = new HashSet<>(root.commandSpec().mixins().get("session").options());
        for (OptionSpec given : root.matchedOptions()) {
            // --profile is inherited by every command (picocli passes it on), help and version never run a command
            if (given.scopeType() == ScopeType.INHERIT || given.usageHelp() || given.versionHelp()) {
                continue;
            }
            if (!session.contains(given)) {
                throw new ParameterException(root.commandSpec().commandLine(), given.longestName()
                        + " goes with coi alone, not with a command: leave out '" + name + "' or "
                        + given.longestName());
            }
            OptionSpec target = command.commandSpec().findOption(given.longestName());
            if (target == null) {
                throw new ParameterException(command.commandSpec().commandLine(), given.longestName()
                        + " was given before '" + name + "', which takes no such flag: a session flag before the"
                        + " command is passed to it (coi " + given.longestName() + " shell is coi shell "
                        + given.longestName() + "); leave it out or give it to 'coi shell' or 'coi run'");
            }
            if (!command.hasMatchedOption(target)) {
                target.setValue(given.getValue());
            } else if (target.isMultiValue() && given.getValue() instanceof Collection<?> first
                    && target.getValue() instanceof Collection<?> second) {
                List<Object> both = new ArrayList<>(first);
                both.addAll(second);
                target.setValue(both);
            }
        }
    }

    private static boolean helpRequested(ParseResult root) {
        for (ParseResult level = root; level != null; level = level.hasSubcommand() ? level.subcommand() : null) {
            if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }
}
