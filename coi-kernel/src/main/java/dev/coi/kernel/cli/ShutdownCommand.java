package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.sessions.manage.SessionControl;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "shutdown", description = {
    "Stop containers gracefully, save their sessions and delete them.",
    "A stop that takes longer than --timeout is forced. Persistent containers are deleted too (coi shell --resume"
            + " continues the session); one whose session cannot be saved is kept."})
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
        ContainerTargets targets = ContainerTargets.choose(context, context.sessions().sessionContainers(),
                selection.names, selection.all, selection.force, true, VERB);
        SessionControl control = context.sessions().sessionControl();
        return targets.actOn(context, container -> control.shutdown(container, Duration.ofSeconds(timeout)));
    }
}
