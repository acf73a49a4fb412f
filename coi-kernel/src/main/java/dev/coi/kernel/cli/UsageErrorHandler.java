package dev.coi.kernel.cli;

import dev.coi.kernel.CoiException;
import dev.coi.kernel.ExitCodes;
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
        output.error(exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, output.err());
        output.err().println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        output.err().flush();
        return ExitCodes.USAGE;
    }
}
