package dev.coi.kernel.cli;

import dev.coi.kernel.sessions.manage.SessionControl;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kill", description = {
    "Kill session containers at once and delete them, persistent ones too.",
    "Their sessions are still saved from the stopped container; if that fails they are deleted anyway."})
final class KillCommand extends KernelCommand {

    private static final ContainerTargets.Verb VERB = new ContainerTargets.Verb("kill", "Kill", "Killed");

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Container names ('coi list').")
    private List<String> names = List.of();

    @Option(names = "--all", description = "Every session container.")
    private boolean all;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        ContainerTargets targets = ContainerTargets.choose(context, context.kernel().sessionContainers(), names, all,
                force, true, VERB);
        SessionControl control = context.kernel().sessionControl();
        return targets.actOn(context, control::kill);
    }
}
