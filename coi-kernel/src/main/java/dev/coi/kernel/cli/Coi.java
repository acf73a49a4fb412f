package dev.coi.kernel.cli;

import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.FlagOverride;
import dev.coi.kernel.wiring.Choices;
import dev.coi.kernel.sessions.ChildStdio;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Builds the {@code coi} command line and runs it; tests call it in memory with their own writers. */
public final class Coi {

    private Coi() {
    }

    /**
     * Runs in memory: the output of child processes is copied into {@code out} and {@code err}.
     *
     * @param colors whether diagnostics may carry colors
     * @param liveStatus whether progress may be shown as a status line rewritten in place (standard error is a
     *                   terminal)
     */
    public static int run(ConfigEnvironment environment, PrintWriter out, PrintWriter err, boolean colors,
                          boolean liveStatus, String... args) {
        return run(environment, ChildStdio.copyTo(out, err), out, err, colors, liveStatus, args);
    }

    /**
     * Runs in memory with the answers to confirmation questions ({@code [y/N]}) read from {@code answers}. There
     * is no terminal, so questions only a person may answer are not asked.
     */
    public static int run(ConfigEnvironment environment, Reader answers, PrintWriter out, PrintWriter err,
                          boolean colors, boolean liveStatus, String... args) {
        return run(environment, ChildStdio.copyTo(out, err), new BufferedReader(answers), false, out, err, colors,
                liveStatus, args);
    }

    /**
     * @param childStdio where child processes (a terminal attached to a container, {@code coi run}'s command)
     *                   read and write: the process's own streams, or copies into {@code out} and {@code err};
     *                   confirmation questions are answered from this process's standard input in the first case,
     *                   with no in the second
     * @param colors whether diagnostics may carry colors
     * @param liveStatus whether progress may be shown as a status line rewritten in place
     */
    public static int run(ConfigEnvironment environment, ChildStdio childStdio, PrintWriter out, PrintWriter err,
                          boolean colors, boolean liveStatus, String... args) {
        Reader answers = childStdio.inherits() ? new InputStreamReader(System.in, Charset.defaultCharset())
                : new StringReader("");
        return run(environment, childStdio, new BufferedReader(answers), childStdio.inherits() && Terminal.canAsk(),
                out, err, colors, liveStatus, args);
    }

    private static int run(ConfigEnvironment environment, ChildStdio childStdio, BufferedReader answers,
                           boolean terminal, PrintWriter out, PrintWriter err, boolean colors, boolean liveStatus,
                           String... args) {
        Output output = new Output(out, err, colors, liveStatus);
        ContextFactory factory = new ContextFactory();
        CommandLine commandLine = new CommandLine(CoiCommand.class, factory);
        // before the settings below: picocli hands them only to the subcommands it already has
        Subcommands.addTo(commandLine, args);
        commandLine.setOut(out)
                .setErr(err)
                .setColorScheme(CommandLine.Help.defaultColorScheme(
                        colors ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF))
                .setExecutionStrategy(parseResult -> {
                    RootSessionFlags.handOn(parseResult);
                    factory.handOut(CommandContext.of(environment, output, childStdio, answers, terminal,
                            choices(parseResult)));
                    return new CommandLine.RunLast().execute(parseResult);
                })
                .setExecutionExceptionHandler(new ErrorHandler(output))
                .setParameterExceptionHandler(new UsageErrorHandler(output));
        HelpLayout.applyTo(commandLine);
        CommandLine run = commandLine.getSubcommands().get("run");
        if (run != null) {
            // everything after the command of coi run is the command's, also what looks like a coi flag
            run.setStopAtPositional(true);
        }
        return commandLine.execute(args);
    }

    /**
     * Whether the resident coi may run this command line: it names a {@link ServedByResident} command and asks for
     * no help. A command line picocli refuses is not, so that a JVM of its own reports the mistake as always.
     */
    public static boolean servedByResident(String... args) {
        CommandLine commandLine = new CommandLine(CoiCommand.class);
        Subcommands.addTo(commandLine, args);
        try {
            for (ParseResult level = commandLine.parseArgs(args); ; level = level.subcommand()) {
                if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) {
                    return false;
                }
                if (!level.hasSubcommand()) {
                    return level.commandSpec().userObject() instanceof ServedByResident served
                            && served.servedWith(List.of(args));
                }
            }
        } catch (CommandLine.ParameterException e) {
            return false;
        }
    }

    /**
     * What the command line decides about the configuration: the profile, and the config keys the flags of the command
     * that runs set (after the root's session flags were handed on to it).
     */
    static Choices choices(ParseResult parseResult) {
        ParseResult command = parseResult;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        List<FlagOverride> flags = new ArrayList<>(command.commandSpec().userObject() instanceof ConfigChoosing choosing
                ? choosing.configOverrides() : List.of());
        inherited(parseResult, "--remote").ifPresent(remote -> flags.add(new FlagOverride("incus.remote", remote,
                "--remote")));
        return new Choices(inherited(parseResult, "--profile"), flags);
    }

    /** An inherited option ({@code --profile}, {@code --remote}) may be given at any level; the last one counts. */
    private static Optional<String> inherited(ParseResult parseResult, String option) {
        Optional<String> found = Optional.empty();
        for (ParseResult level = parseResult; level != null;
             level = level.hasSubcommand() ? level.subcommand() : null) {
            String value = level.matchedOptionValue(option, null);
            if (value != null) {
                found = Optional.of(value);
            }
        }
        return found;
    }
}
