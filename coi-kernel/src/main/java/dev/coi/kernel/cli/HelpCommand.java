package dev.coi.kernel.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Parameters;

/**
 * {@code coi help [COMMAND...]}: the help of any command, also a nested one ({@code coi help container exec}), as
 * the reference tool's {@code help} shows it; picocli's own help command stops after the first word.
 */
@Command(name = "help", helpCommand = true, description = {
    "Help about any command.",
    "'coi help COMMAND...' shows what 'coi COMMAND... --help' shows, e.g. coi help container exec; 'coi help'"
            + " alone the help of coi."})
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "The command, e.g. shell or container exec.")
    private List<String> path = List.of();

    private CommandLine self;
    private ColorScheme colorScheme;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colorScheme = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine command = self.getParent();
        for (String name : path) {
            CommandLine subcommand = command.getSubcommands().get(name);
            if (subcommand == null) {
                // said and suggested as an unknown command on the command line is
                throw new CommandLine.UnmatchedArgumentException(command, List.of(name));
            }
            command = subcommand;
        }
        command.usage(out, colorScheme);
    }
}
