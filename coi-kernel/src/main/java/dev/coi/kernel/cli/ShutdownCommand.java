package dev.coi.kernel.cli;

import dev.coi.kernel.CoiException;
import dev.coi.kernel.sessions.manage.SessionControl;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "shutdown", description = {
    "Stop session containers gracefully (forced after the timeout) and save their sessions.",
    "Ephemeral containers are then deleted; persistent ones stay, stopped ('coi kill' deletes them)."})
final class ShutdownCommand extends KernelCommand {

    private static final ContainerTargets.Verb VERB = new ContainerTargets.Verb("shutdown", "Shutdown", "Shutdown");

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Container names ('coi list').")
    private List<String> names = List.of();

    @Option(names = "--all", description = "Every session container.")
    private boolean all;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    private boolean force;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long a graceful stop may take before the container is killed (default: ${DEFAULT-VALUE}).")
    private int timeout;

    @Override
    public Integer call() throws Exception {
        if (timeout < 1) {
            throw CoiException.usage("--timeout must be at least 1 second, was " + timeout + "; 'coi kill' stops at once");
        }
        ContainerTargets targets = ContainerTargets.choose(context, context.kernel().sessionContainers(), names, all,
                force, true, VERB);
        SessionControl control = context.kernel().sessionControl();
        return targets.actOn(context, container -> control.shutdown(container, Duration.ofSeconds(timeout)));
    }
}
