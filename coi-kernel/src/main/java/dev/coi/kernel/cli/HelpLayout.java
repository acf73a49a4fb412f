package dev.coi.kernel.cli;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command's help laid out as the reference tool lays out its own (the cobra layout), so that people and
 * scripts coming from it find the headings they know: the description, {@code Usage:}, {@code Aliases:},
 * {@code Arguments:}, {@code Available Commands:}, {@code Flags:} (the command's own), {@code Limit Flags:} (coi's
 * own section for the {@code --limit-*} flags), {@code Global Flags:} (those it inherits from {@code coi}),
 * {@code Examples:} (at the end, where a newcomer's terminal shows them), the footer and where to read about a
 * subcommand; sections apart by a blank line.
 */
final class HelpLayout {

    private static final String DESCRIPTION = "coiDescription";
    private static final String USAGE = "coiUsage";
    private static final String ALIASES = "coiAliases";
    private static final String ARGUMENTS = "coiArguments";
    private static final String COMMANDS = "coiCommands";
    private static final String FLAGS = "coiFlags";
    private static final String LIMIT_FLAGS = "coiLimitFlags";
    private static final String GLOBAL_FLAGS = "coiGlobalFlags";
    private static final String EXAMPLES = "coiExamples";
    private static final String FOOTER = "coiFooter";
    private static final String MORE = "coiMore";
    /** The width of the name column in a command list, at least: the reference pads names to 11 too. */
    static final int NAME_WIDTH = 11;

    private HelpLayout() {
    }

    /** Lays out the help of {@code coi} and of every subcommand it has now. */
    static void applyTo(CommandLine coi) {
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>();
        sections.put(DESCRIPTION, help -> help.description());
        sections.put(USAGE, help -> section("Usage:", usageLines(help.commandSpec())));
        sections.put(ALIASES, help -> section("Aliases:", aliases(help.commandSpec())));
        sections.put(ARGUMENTS, help -> section("Arguments:", help.parameterList()));
        sections.put(COMMANDS, help -> section("Available Commands:", commandList(help.commandSpec())));
        sections.put(FLAGS, help -> section("Flags:", flags(help, Kind.OWN)));
        sections.put(LIMIT_FLAGS, help -> section("Limit Flags:", flags(help, Kind.LIMIT)));
        sections.put(GLOBAL_FLAGS, help -> section("Global Flags:", flags(help, Kind.GLOBAL)));
        sections.put(EXAMPLES, help -> section("Examples:", examples(help.commandSpec())));
        sections.put(FOOTER, help -> section("", help.footer().replaceFirst("^\\R+", "")));
        sections.put(MORE, help -> help.commandSpec().subcommands().isEmpty() ? ""
                : section("", "Use \"" + help.commandSpec().qualifiedName() + " [command] --help\" for more"
                        + " information about a command.\n"));
        coi.setHelpSectionKeys(new ArrayList<>(sections.keySet()));
        coi.setHelpSectionMap(sections);
    }

    /** A section after the first: a blank line, the heading (if any) and the body; nothing if the body is empty. */
    private static String section(String heading, String body) {
        if (body.isBlank()) {
            return "";
        }
        return "\n" + (heading.isEmpty() ? "" : heading + "\n") + body;
    }

    /** {@code coi run [flags] COMMAND...}; a command with subcommands also {@code coi image [command]}. */
    private static String usageLines(CommandSpec command) {
        StringBuilder lines = new StringBuilder();
        if (runnable(command)) {
            lines.append("  ").append(command.qualifiedName());
            if (command.options().stream().anyMatch(option -> !option.hidden())) {
                lines.append(" [flags]");
            }
            command.positionalParameters().stream().filter(parameter -> !parameter.hidden())
                    .forEach(parameter -> lines.append(' ').append(label(parameter)));
            lines.append('\n');
        }
        if (!command.subcommands().isEmpty()) {
            lines.append("  ").append(command.qualifiedName()).append(" [command]\n");
        }
        return lines.toString();
    }

    /**
     * One line per command, its name and summary (the first line of its description), none wrapped: a summary is
     * short enough for an 80-column terminal (pinned by a test). coi's own list starts its groups with their
     * headings, inside the section, so that scripts reading the section up to the blank line find every command.
     */
    private static String commandList(CommandSpec command) {
        List<CommandSpec> subcommands = CommandTree.visibleSubcommands(command);
        int width = Math.max(NAME_WIDTH, subcommands.stream().mapToInt(sub -> sub.name().length()).max().orElse(0));
        StringBuilder list = new StringBuilder();
        for (CommandSpec sub : subcommands) {
            if (command.parent() == null) {
                Subcommands.headingBefore(sub.name()).ifPresent(heading -> list.append(heading).append(":\n"));
            }
            list.append("  ").append(String.format("%-" + width + "s", sub.name())).append(' ')
                    .append(CommandTree.summary(sub.usageMessage().description())).append('\n');
        }
        return list.toString();
    }

    /** What each example does as a comment, the command line below it, as the reference's help writes them. */
    private static String examples(CommandSpec command) {
        StringBuilder lines = new StringBuilder();
        if (command.parent() == null) {
            // coi's help is long enough; its man page has them
            return "";
        }
        for (Examples.Example example : Examples.of(command)) {
            lines.append("  # ").append(example.what()).append("\n  ").append(example.commandLine()).append('\n');
        }
        return lines.toString();
    }

    private static boolean runnable(CommandSpec command) {
        Object userObject = command.userObject();
        return userObject instanceof Callable || userObject instanceof Runnable || userObject instanceof Method;
    }

    /** As the synopsis writes a parameter: {@code [NAME...]} for any number of names, {@code COMMAND...}. */
    private static String label(PositionalParamSpec parameter) {
        String label = parameter.paramLabel() + (parameter.arity().max() > 1 ? "..." : "");
        return parameter.arity().min() == 0 ? "[" + label + "]" : label;
    }

    private static String aliases(CommandSpec command) {
        return command.aliases().length == 0 ? ""
                : "  " + command.name() + ", " + String.join(", ", command.aliases()) + "\n";
    }

    /**
     * The command's own flags; its {@code --limit-*} flags, apart so that the everyday ones stand out; or those it
     * inherits from {@code coi} ({@code --profile}). {@code --help} is inherited too, but every command's own, as in
     * the reference's help.
     */
    private static String flags(Help help, Kind kind) {
        List<OptionSpec> options = help.commandSpec().options().stream().filter(option -> kind(option) == kind)
                .toList();
        return help.optionListExcludingGroups(options);
    }

    private static Kind kind(OptionSpec option) {
        if (option.inherited() && !option.usageHelp()) {
            return Kind.GLOBAL;
        }
        return LimitOptions.isLimit(option) ? Kind.LIMIT : Kind.OWN;
    }

    /** The sections a flag may be listed in. */
    private enum Kind { OWN, LIMIT, GLOBAL }
}
