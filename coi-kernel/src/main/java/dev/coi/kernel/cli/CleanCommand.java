package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.manage.SavedSessions.ToolSession;
import dev.coi.kernel.sessions.manage.SessionControl;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "clean", description = {
    "Delete stopped session containers, saving their sessions first.",
    "Running containers are never touched.",
    "--sessions: delete the saved sessions no container uses any more (they cannot be resumed afterwards); a"
        + " session whose container exists, running or stopped, is kept. --all: both."})
final class CleanCommand extends KernelCommand {

    @Option(names = "--all", description = "Stopped containers and saved sessions without a container.")
    private boolean all;

    @Option(names = "--sessions", description = "Only the saved sessions without a container.")
    private boolean sessions;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        SessionControl control = context.sessions().sessionControl();
        Output output = context.output();
        int cleaned = 0;
        if (all || !sessions) {
            output.info("Checking for stopped session containers...");
            List<SessionContainer> stopped = context.sessions().sessionContainers().listAfterReaping().stream()
                    .filter(SessionContainer::isStopped)
                    .toList();
            if (stopped.isEmpty()) {
                output.info("  (no stopped containers found)");
            } else {
                output.info("Found " + stopped.size() + " stopped container(s):");
                stopped.forEach(container -> output.info("  - " + container.name()
                        + (container.persistent() ? " (persistent)" : "")));
                if (!context.confirmed(force, "\nDelete these containers?")) {
                    output.info("Cancelled.");
                    return ExitCodes.OK;
                }
                for (SessionContainer container : stopped) {
                    if (control.removeStopped(container)) {
                        cleaned++;
                    }
                }
            }
        }
        if (all || !sessions) {
            List<String> released = context.sessions().sessionNetwork().removeOrphans();
            released.forEach(container -> output.info("Removed the network rules of " + container
                    + ", which no longer runs with their address"));
            cleaned += released.size();
        }
        if (all || sessions) {
            output.info((all ? "\n" : "") + "Checking for saved sessions no container uses...");
            List<ToolSession> orphaned = control.orphanedSessions();
            if (orphaned.isEmpty()) {
                output.info("  (no such saved sessions found)");
            } else {
                output.info("Found " + orphaned.size() + " saved session(s) whose container is gone:");
                orphaned.forEach(session -> output.info("  - " + describe(session)));
                if (!context.confirmed(force, "\nDelete these saved sessions? They cannot be resumed afterwards.")) {
                    output.info("Cancelled.");
                    return ExitCodes.OK;
                }
                cleaned += control.deleteSessions(orphaned);
            }
        }
        output.info(cleaned > 0 ? "\n✓ Cleaned " + cleaned + " item(s)" : "\nNothing to clean.");
        return ExitCodes.OK;
    }

    private static String describe(ToolSession session) {
        StringBuilder text = new StringBuilder(session.id()).append(" (").append(session.tool());
        session.savedAt().ifPresent(saved -> text.append(", saved ").append(SessionTimes.saved(saved)));
        session.session().metadata().map(SessionMetadata::workspace).filter(workspace -> !workspace.isEmpty())
                .ifPresent(workspace -> text.append(", ").append(workspace));
        return text.append(")").toString();
    }
}
