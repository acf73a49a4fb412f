package dev.coi.kernel.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions from commands into one {@code Error:} line and an exit code. Expected errors carry their
 * own message and code; anything else is a bug, printed with its stack trace so it can be reported.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    private final Output output;

    ErrorHandler(Output output) {
        this.output = output;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        if (exception instanceof CoiException expected) {
            output.error(expected.getMessage());
            return expected.exitCode();
        }
        output.error("unexpected failure, please report it with the trace below: " + exception);
        exception.printStackTrace(output.err());
        output.err().flush();
        return ExitCodes.FAILURE;
    }
}
