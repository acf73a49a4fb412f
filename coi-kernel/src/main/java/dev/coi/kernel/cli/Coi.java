package dev.coi.kernel.cli;

import dev.coi.kernel.Kernel;
import dev.coi.kernel.KernelEnvironment;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the {@code coi} command line and runs it; tests call it in memory with their own writers. */
public final class Coi {

    private Coi() {
    }

    public static int run(KernelEnvironment environment, PrintWriter out, PrintWriter err, boolean colors,
                          String... args) {
        Output output = new Output(out, err, colors);
        CommandContext context = new CommandContext(new Kernel(environment), output);
        CommandLine commandLine = new CommandLine(CoiCommand.class, new ContextFactory(context))
                .setOut(out)
                .setErr(err)
                .setColorScheme(CommandLine.Help.defaultColorScheme(
                        colors ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF))
                .setExecutionExceptionHandler(new ErrorHandler(output))
                .setParameterExceptionHandler(new UsageErrorHandler(output));
        return commandLine.execute(args);
    }
}
