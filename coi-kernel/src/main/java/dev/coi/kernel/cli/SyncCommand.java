package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.workspace.SyncDirection;
import dev.coi.kernel.workspace.SyncReport;
import dev.coi.kernel.workspace.SyncText;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sync", description = {
    "Sync a copied workspace between its container and the host.",
    "For sessions started with --workspace-mode copy (workspace.mode).",
    "A file changed on one side only is copied to the other; one changed on both sides is a conflict: the host's"
            + " file stays untouched and the container's version is kept in ~/.coi/workspace-copies/<session>/"
            + "conflicts/. A file the container deleted is moved to .../trash/ on the host, never deleted. Links,"
            + " devices, git hooks and config, and any .git below the top never come back.",
    "Exit code 3 when there were conflicts (nothing was lost); 1 when the sync failed (nothing was changed on"
            + " the host)."})
final class SyncCommand extends KernelCommand {

    @Parameters(index = "0", paramLabel = "CONTAINER", completionCandidates = Candidates.ContainerNames.class,
            description = "The session container ('coi list').")
    private String container;

    @ArgGroup(exclusive = true)
    private Direction direction;

    @Option(names = "--dry-run", description = "Only say what would be done.")
    private boolean dryRun;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = Candidates.TextOrJson.class, description = "text (default) or json.")
    private String format;

    static final class Direction {
        @Option(names = "--from-container", description = "Only take the container's changes to the host.")
        boolean fromContainer;

        @Option(names = "--to-container", description = "Only take the host's changes into the container.")
        boolean toContainer;
    }

    @Override
    public Integer call() throws Exception {
        Formats.TextOrJson chosen = Formats.textOrJson(format);
        SessionContainer found = context.sessions().sessionContainers().find(container).orElseThrow(() ->
                CoiException.usage("no session container " + container + "; 'coi list' shows them"));
        SyncDirection way = direction == null ? SyncDirection.BOTH
                : direction.fromContainer ? SyncDirection.FROM_CONTAINER : SyncDirection.TO_CONTAINER;
        SyncReport report = context.sessions().workspaceCopies().sync(found, way, dryRun);
        if (chosen == Formats.TextOrJson.JSON) {
            context.output().raw(SyncText.json(report, container) + "\n");
        } else {
            var lines = SyncText.lines(report, container);
            lines.subList(0, lines.size() - 1).forEach(line -> context.output().data(line.text()));
            String summary = lines.getLast().text();
            if (report.hasConflicts()) {
                context.output().warn(summary);
            } else {
                context.output().info(summary);
            }
        }
        return report.hasConflicts() ? ExitCodes.CONFLICT : ExitCodes.OK;
    }
}
