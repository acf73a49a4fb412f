package dev.coi.kernel.cli;

import dev.coi.kernel.sessions.manage.SessionControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "persist", description = {
    "Make session containers persistent: kept, not deleted, on stop.",
    "A session container is ephemeral unless started with --persistent: coi deletes it when its session ends (the"
            + " workspace files and the saved session stay). persist marks the container itself"
            + " (user.coi.persistent=true), so that its running coi shell keeps it too, and the metadata of its saved"
            + " session, so that resuming it is persistent as well. 'coi kill' still deletes a persistent container."})
final class PersistCommand extends KernelCommand {

    private static final ContainerTargets.Verb VERB = new ContainerTargets.Verb("persist", "Persist", "Persisted");

    @Mixin
    private TargetSelection selection;

    @Override
    public Integer call() throws Exception {
        ContainerTargets targets = ContainerTargets.choose(context, context.sessions().sessionContainers(),
                selection.names, selection.all, selection.force, false, VERB);
        SessionControl control = context.sessions().sessionControl();
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
