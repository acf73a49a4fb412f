package dev.coi.kernel.cli;

import dev.coi.kernel.sessions.manage.SessionControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "persist", description = {
    "Keep session containers after they stop: marks the container itself (user.coi.persistent=true), so that",
    "its running coi shell keeps it too, and the metadata of its saved session, so that resuming keeps it."})
final class PersistCommand extends KernelCommand {

    private static final ContainerTargets.Verb VERB = new ContainerTargets.Verb("persist", "Persist", "Persisted");

    @Mixin
    private TargetSelection selection;

    @Override
    public Integer call() throws Exception {
        ContainerTargets targets = ContainerTargets.choose(context, context.kernel().sessionContainers(),
                selection.names, selection.all, selection.force, false, VERB);
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
