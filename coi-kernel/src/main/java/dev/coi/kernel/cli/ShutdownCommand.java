package dev.coi.kernel.cli;

import dev.coi.kernel.CoiException;
import dev.coi.kernel.sessions.manage.SessionControl;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "shutdown", description = {
    "Stop session containers gracefully (forced after the timeout) and save their sessions.",
    "Ephemeral containers are then deleted; persistent ones stay, stopped ('coi kill' deletes them)."})
final class ShutdownCommand extends KernelCommand {

    private static final ContainerTargets.Verb VERB = new ContainerTargets.Verb("shutdown", "Shutdown", "Shutdown");

    @Mixin
    private TargetSelection selection;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long a graceful stop may take before the container is killed (default: ${DEFAULT-VALUE}).")
    private int timeout;

    @Override
    public Integer call() throws Exception {
        if (timeout < 1) {
            throw CoiException.usage("--timeout must be at least 1 second, was " + timeout + "; 'coi kill' stops at once");
        }
        ContainerTargets targets = ContainerTargets.choose(context, context.kernel().sessionContainers(),
                selection.names, selection.all, selection.force, true, VERB);
        SessionControl control = context.kernel().sessionControl();
        return targets.actOn(context, container -> control.shutdown(container, Duration.ofSeconds(timeout)));
    }
}
