package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.FlagOverride;
import dev.coi.kernel.sessions.launch.LaunchRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = {
    "Run one command in a new container and exit with its exit code.",
    "The container is ephemeral, deleted when the command ends (kept with --persistent).",
    "Several words are a program and its arguments, run without a shell; one word with spaces or shell syntax is"
            + " run by bash -c. The command runs as the code user in /workspace; its output is streamed and coi exits"
            + " with its exit code.",
    "Ephemeral (the default): the container is deleted on every path: success, failure, Ctrl-C, SIGTERM."
            + " Persistent (--persistent): the container is stopped instead and kept, with whatever the command"
            + " installed; --persistent --slot N runs in that slot's stopped persistent container again."
            + " The workspace files stay in both cases."})
final class RunCommand extends KernelCommand implements ConfigChoosing {

    @Mixin
    ContainerOptions container;

    @Option(names = "--network", paramLabel = "MODE", completionCandidates = Candidates.NetworkModes.class,
            description = "Network mode: open, restricted or allowlist (default: network.mode).")
    String network;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Stop the command (and its container) after this many seconds; coi then exits with 124."
                    + " Default: no limit.")
    Integer timeout;

    @Option(names = "--capture",
            description = "Accepted for the reference tool's scripts; the output is always captured: the command's"
                    + " standard output goes to coi's, its standard error to coi's.")
    boolean capture;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "pretty",
            completionCandidates = Candidates.Pretty.class,
            description = "Accepted for the reference tool's scripts: only pretty, the command's output as it comes.")
    String format;

    @Parameters(arity = "1..*", paramLabel = "COMMAND",
            description = "The command and its arguments, or one shell command in quotes.")
    List<String> command;

    @Override
    public List<FlagOverride> configOverrides() {
        return container.overrides();
    }

    @Override
    public Integer call() throws Exception {
        if (timeout != null && timeout < 1) {
            throw CoiException.usage("--timeout must be at least 1 second, was " + timeout);
        }
        if (!format.equals("pretty")) {
            context.output().warn("--format " + format + " has no effect: coi run prints the command's output as it"
                    + " comes (as the reference tool does)");
        }
        LaunchRequest request = container.request(Optional.ofNullable(network));
        context.requireConsent(request);
        int exitCode = context.sessions().runner().run(request, command,
                Optional.ofNullable(timeout).map(seconds -> Duration.ofSeconds(seconds)));
        // the reference tool's last words, which scripts read
        context.output().info(exitCode == 0 ? "\nCommand completed successfully"
                : "\nCommand exited with code " + exitCode);
        return exitCode;
    }
}
