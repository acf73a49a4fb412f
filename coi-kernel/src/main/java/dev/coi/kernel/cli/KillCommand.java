package dev.coi.kernel.cli;

import dev.coi.kernel.sessions.manage.SessionControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "kill", description = {
    "Kill session containers at once and delete them, persistent too.",
    "Their sessions are still saved from the stopped container; if that fails they are deleted anyway."})
final class KillCommand extends KernelCommand {

    private static final ContainerTargets.Verb VERB = new ContainerTargets.Verb("kill", "Kill", "Killed");

    @Mixin
    private TargetSelection selection;

    @Override
    public Integer call() throws Exception {
        ContainerTargets targets = ContainerTargets.choose(context, context.sessions().sessionContainers(),
                selection.names, selection.all, selection.force, true, VERB);
        SessionControl control = context.sessions().sessionControl();
        return targets.actOn(context, control::kill);
    }
}
