package dev.coi.kernel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page (groff, section 1) of one command, made from the same model as its {@code --help}: {@code coi(1)},
 * {@code coi-container(1)}, {@code coi-container-launch(1)} and so on, as git names its pages.
 */
final class ManPage {

    private final CommandSpec command;

    ManPage(CommandSpec command) {
        this.command = command;
    }

    /** Every command that has a page: all but the hidden ones, the root first. */
    static List<CommandSpec> commands(CommandSpec root) {
        List<CommandSpec> commands = new ArrayList<>();
        collect(root, commands);
        return commands;
    }

    /** The page's name, e.g. {@code coi-container-launch}. */
    String name() {
        return command.qualifiedName("-");
    }

    String render(String version, String date) {
        StringBuilder page = new StringBuilder();
        page.append(".TH ").append(quoted(name().toUpperCase(Locale.ROOT))).append(" 1 ").append(quoted(date))
                .append(' ').append(quoted(command.root().name() + " " + version)).append(' ')
                .append(quoted(command.root().name() + " manual")).append('\n');
        page.append(".SH NAME\n").append(escape(name())).append(" \\- ")
                .append(escape(firstLine(command.usageMessage().description()))).append('\n');
        page.append(".SH SYNOPSIS\n.nf\n")
                .append(lines(command.commandLine().getHelp().synopsis(0).stripTrailing())).append(".fi\n");
        String[] description = command.usageMessage().description();
        if (description.length > 0) {
            page.append(".SH DESCRIPTION\n");
            for (String line : description) {
                page.append(lines(interpolated(line)));
            }
        }
        List<CommandSpec> subcommands = visibleSubcommands(command);
        if (!subcommands.isEmpty()) {
            page.append(".SH COMMANDS\n");
            for (CommandSpec sub : subcommands) {
                page.append(".TP\n.B ").append(escape(sub.name())).append('\n')
                        .append(lines(firstLine(sub.usageMessage().description())));
            }
        }
        List<PositionalParamSpec> parameters = command.positionalParameters().stream().filter(p -> !p.hidden())
                .toList();
        if (!parameters.isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec parameter : parameters) {
                page.append(".TP\n.I ").append(escape(parameter.paramLabel())).append('\n')
                        .append(lines(String.join(" ", parameter.description())));
            }
        }
        List<OptionSpec> options = command.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (OptionSpec option : options) {
                page.append(".TP\n").append(optionHead(option)).append('\n')
                        .append(lines(interpolated(String.join(" ", option.description()), option)));
            }
        }
        page.append(".SH \"EXIT STATUS\"\n").append(terms(ManSections.exitStatus(command)));
        boolean root = command.parent() == null;
        page.append(".SH ENVIRONMENT\n").append(root ? terms(ManSections.environment())
                : lines("The environment variables coi reads are in " + command.root().name() + "(1)."));
        page.append(".SH FILES\n").append(root ? terms(ManSections.files())
                : lines("The files coi reads and keeps are in " + command.root().name() + "(1)."));
        String[] footer = command.usageMessage().footer();
        if (footer.length > 0) {
            page.append(".SH NOTES\n.nf\n");
            for (String line : footer) {
                page.append(lines(line));
            }
            page.append(".fi\n");
        }
        List<Examples.Example> examples = Examples.of(command);
        if (!examples.isEmpty()) {
            page.append(".SH EXAMPLES\n");
            for (Examples.Example example : examples) {
                page.append(".TP\n").append(bold(example.commandLine())).append('\n')
                        .append(lines(example.what() + "."));
            }
        }
        page.append(".SH SEE ALSO\n").append(escape(seeAlso())).append('\n');
        return page.toString();
    }

    /** A term and what it means, one after the other. */
    private static String terms(List<Map.Entry<String, String>> terms) {
        StringBuilder text = new StringBuilder();
        terms.forEach(term -> text.append(".TP\n").append(bold(term.getKey())).append('\n')
                .append(lines(term.getValue())));
        return text.toString();
    }

    /** A line in bold as it is; not through the .B request, which would take its quotes as its own. */
    private static String bold(String text) {
        return "\\fB" + escape(text) + "\\fR";
    }

    private String optionHead(OptionSpec option) {
        StringBuilder head = new StringBuilder(".B \"").append(escape(String.join(", ", option.names())));
        if (option.arity().max() > 0 && !option.typeInfo().isBoolean()) {
            head.append('=').append(escape(option.paramLabel()));
        }
        return head.append('"').toString();
    }

    private String seeAlso() {
        List<String> pages = new ArrayList<>();
        if (command.parent() != null) {
            pages.add(command.parent().qualifiedName("-") + "(1)");
        }
        visibleSubcommands(command).forEach(sub -> pages.add(sub.qualifiedName("-") + "(1)"));
        if (pages.isEmpty() || command.parent() != null && command.parent().parent() != null) {
            pages.add(0, command.root().name() + "(1)");
        }
        return String.join(", ", pages.stream().distinct().toList());
    }

    private static void collect(CommandSpec command, List<CommandSpec> into) {
        into.add(command);
        visibleSubcommands(command).forEach(sub -> collect(sub, into));
    }

    private static List<CommandSpec> visibleSubcommands(CommandSpec command) {
        // picocli lists every alias of a subcommand under its own key; each command once is enough
        return command.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct()
                .filter(sub -> !sub.usageMessage().hidden()).toList();
    }

    private static String interpolated(String text) {
        // what picocli's String.format does to a description
        return text.replace("%n", "\n").replace("%%", "%");
    }

    private static String interpolated(String text, OptionSpec option) {
        String defaultValue = option.defaultValue() == null ? "" : option.defaultValue();
        String withDefault = text.replace("${DEFAULT-VALUE}", defaultValue);
        // only when asked for: some candidates (the tools) are looked up, which the pages' build does not need
        return interpolated(withDefault.contains("${COMPLETION-CANDIDATES}")
                ? withDefault.replace("${COMPLETION-CANDIDATES}", candidates(option)) : withDefault);
    }

    private static String candidates(OptionSpec option) {
        List<String> candidates = new ArrayList<>();
        if (option.completionCandidates() != null) {
            option.completionCandidates().forEach(candidates::add);
        }
        return String.join(", ", candidates);
    }

    private static String firstLine(String[] description) {
        return description.length == 0 ? "" : interpolated(description[0]).lines().findFirst().orElse("");
    }

    /** Text as lines of groff input: every line escaped, none taken for a request. */
    private static String lines(String text) {
        StringBuilder out = new StringBuilder();
        text.lines().forEach(line -> out.append(line.isBlank() ? ".sp" : escape(line)).append('\n'));
        return out.toString();
    }

    private static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    private static String quoted(String text) {
        return '"' + text.replace("\"", "") + '"';
    }
}
