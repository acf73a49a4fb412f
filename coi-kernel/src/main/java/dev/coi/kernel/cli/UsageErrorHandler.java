package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** A wrong command line: say what was wrong and where the help is, without dumping the whole usage. */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    private final Output output;

    UsageErrorHandler(Output output) {
        this.output = output;
    }

    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        output.error(message(exception, command));
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, output.err());
        output.err().println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        output.err().flush();
        return ExitCodes.USAGE;
    }

    /** A word where a subcommand belongs is an unknown command, said the way the reference tool says it. */
    private static String message(ParameterException exception, CommandLine command) {
        if (exception instanceof CommandLine.UnmatchedArgumentException unmatched && !command.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            return "unknown command \"" + unmatched.getUnmatched().get(0) + "\" for \""
                    + command.getCommandSpec().qualifiedName() + "\"";
        }
        return exception.getMessage();
    }
}
