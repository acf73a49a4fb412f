package dev.coi.kernel.cli;

import dev.coi.kernel.sessions.manage.SessionControl;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "persist", description = {
    "Keep session containers after they stop: marks the container itself (user.coi.persistent=true), so that",
    "its running coi shell keeps it too, and the metadata of its saved session, so that resuming keeps it."})
final class PersistCommand extends KernelCommand {

    private static final ContainerTargets.Verb VERB = new ContainerTargets.Verb("persist", "Persist", "Persisted");

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Container names ('coi list').")
    private List<String> names = List.of();

    @Option(names = "--all", description = "Every session container.")
    private boolean all;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        ContainerTargets targets = ContainerTargets.choose(context, context.kernel().sessionContainers(), names, all,
                force, false, VERB);
        SessionControl control = context.kernel().sessionControl();
        return targets.actOn(context, container -> {
            context.output().info("Persisting container " + container.name() + "...");
            boolean done = control.persist(container);
            if (done) {
                context.output().info("  ✓ Persisted " + container.name());
            }
            return done;
        });
    }
}
