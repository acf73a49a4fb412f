package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.ConfigException;
import dev.coi.kernel.config.ConfigProblem;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions from commands into {@code Error:} lines and an exit code. Expected errors carry their
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
        if (exception instanceof InterruptedException) {
            output.error("interrupted");
            return ExitCodes.INTERRUPTED;
        }
        if (exception instanceof ConfigException invalid) {
            invalid.warnings().forEach(warning -> output.warn(warning.toString()));
            output.error("the configuration cannot be used:");
            invalid.problems().stream().map(ConfigProblem::toString).forEach(problem -> output.info("  " + problem));
            return ExitCodes.USAGE;
        }
        output.error("unexpected failure, please report it with the trace below: " + exception);
        exception.printStackTrace(output.err());
        output.err().flush();
        return ExitCodes.FAILURE;
    }
}
