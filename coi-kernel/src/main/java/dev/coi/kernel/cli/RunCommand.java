package dev.coi.kernel.cli;

import dev.coi.kernel.sessions.launch.LaunchRequest;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = {
    "Run one command in a new ephemeral container, deleted when the command ends (kept with --persistent).",
    "The command runs as the code user in /workspace, without a shell; its output is streamed and coi exits with"
            + " its exit code. Example: coi run -- npm test",
    "Ephemeral (the default): the container is deleted on every path: success, failure, Ctrl-C, SIGTERM."
            + " Persistent (--persistent): the container is stopped instead and kept, with whatever the command"
            + " installed. The workspace files stay in both cases."})
final class RunCommand extends KernelCommand {

    @Mixin
    ContainerOptions container;

    @Option(names = "--network", paramLabel = "MODE",
            description = "Network mode: open, restricted or allowlist (default: network.mode).")
    String network;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments; put -- before it.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        context.kernel().overrideConfig(container.limits.overrides());
        LaunchRequest request = container.request(Optional.ofNullable(network));
        new WorkspaceConsent(context).require(request);
        return context.kernel().runner().run(request, command);
    }
}
