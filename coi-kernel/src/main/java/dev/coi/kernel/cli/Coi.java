package dev.coi.kernel.cli;

import dev.coi.kernel.Kernel;
import dev.coi.kernel.config.ConfigEnvironment;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Builds the {@code coi} command line and runs it; tests call it in memory with their own writers. */
public final class Coi {

    private Coi() {
    }

    /**
     * @param colors whether diagnostics may carry colors
     * @param liveStatus whether progress may be shown as a status line rewritten in place (standard error is a
     *                   terminal)
     */
    public static int run(ConfigEnvironment environment, PrintWriter out, PrintWriter err, boolean colors,
                          boolean liveStatus, String... args) {
        return run(environment, new StringReader(""), out, err, colors, liveStatus, args);
    }

    /**
     * Like {@link #run(ConfigEnvironment, PrintWriter, PrintWriter, boolean, boolean, String...)}, with the input
     * confirmation questions ({@code [y/N]}) are answered from; without it every question is answered with no.
     */
    public static int run(ConfigEnvironment environment, Reader in, PrintWriter out, PrintWriter err, boolean colors,
                          boolean liveStatus, String... args) {
        Output output = new Output(out, err, colors, liveStatus);
        Kernel kernel = new Kernel(environment, output);
        CommandContext context = new CommandContext(kernel, output, new BufferedReader(in));
        CommandLine commandLine = new CommandLine(CoiCommand.class, new ContextFactory(context))
                .setOut(out)
                .setErr(err)
                .setColorScheme(CommandLine.Help.defaultColorScheme(
                        colors ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF))
                .setExecutionStrategy(parseResult -> {
                    kernel.selectProfile(profile(parseResult));
                    return new CommandLine.RunLast().execute(parseResult);
                })
                .setExecutionExceptionHandler(new ErrorHandler(output))
                .setParameterExceptionHandler(new UsageErrorHandler(output));
        return commandLine.execute(args);
    }

    /** {@code --profile} is inherited by every subcommand, so it may be given at any level. */
    private static Optional<String> profile(ParseResult parseResult) {
        Optional<String> found = Optional.empty();
        for (ParseResult level = parseResult; level != null;
             level = level.hasSubcommand() ? level.subcommand() : null) {
            String value = level.matchedOptionValue("--profile", null);
            if (value != null) {
                found = Optional.of(value);
            }
        }
        return found;
    }
}
