package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.manage.SessionAttach;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "attach", description = {
    "Attach the terminal to a running session (detach with Ctrl-b d).",
    "The terminal shows the tmux session of the session container. Without a name: the only running one, or a"
            + " list of them to pick from."})
final class AttachCommand extends KernelCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            completionCandidates = Candidates.ContainerNames.class, description = "Container name ('coi list').")
    private String name;

    @Option(names = "--slot", paramLabel = "N", description = "The container of this slot of the workspace.")
    private Integer slot;

    @Option(names = {"-w", "--workspace"}, paramLabel = "DIR", defaultValue = ".",
            description = "The workspace --slot refers to (default: the current directory).")
    private Path workspace;

    @Option(names = "--bash", description = "Open a login shell instead of the tmux session.")
    private boolean bash;

    @Override
    public Integer call() throws Exception {
        if (name != null && slot != null) {
            throw CoiException.usage("give a container name or --slot, not both");
        }
        SessionAttach attach = context.sessions().sessionAttach();
        SessionContainer container;
        if (slot != null) {
            try {
                ContainerNames.checkSlot(slot);
            } catch (IllegalArgumentException e) {
                throw CoiException.usage(e.getMessage());
            }
            Path absolute = context.kernel().environment().workingDirectory().resolve(workspace).toAbsolutePath()
                    .normalize();
            container = attach.runningContainer(absolute, slot);
            context.output().info("Attaching to " + container.name() + " (slot " + slot + ")...");
        } else if (name != null) {
            container = attach.runningContainer(name);
            context.output().info("Attaching to " + container.name() + "...");
        } else {
            List<SessionContainer> running = attach.running();
            if (running.isEmpty()) {
                context.output().data("No active sessions");
                return ExitCodes.OK;
            }
            if (running.size() > 1) {
                // numbered as the reference tool lists them, which scripts read
                context.output().data("Active sessions:");
                for (int i = 0; i < running.size(); i++) {
                    context.output().data("  " + (i + 1) + ". " + running.get(i).name());
                }
                context.output().data("");
                context.output().data("Use: coi attach <container-name>");
                return ExitCodes.OK;
            }
            container = running.get(0);
            context.output().info("Attaching to " + container.name() + "...");
        }
        int exitCode = attach.attach(container, bash);
        // Ctrl-C, SIGKILL and SIGTERM of the attached command end an attach normally
        return exitCode == 130 || exitCode == 137 || exitCode == 143 ? ExitCodes.OK : exitCode;
    }
}
