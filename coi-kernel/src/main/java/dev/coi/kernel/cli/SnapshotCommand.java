package dev.coi.kernel.cli;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.snapshots.Snapshot;
import dev.coi.kernel.snapshots.SnapshotService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "snapshot", description = {
    "Snapshots of a session container for checkpoints and rollback.",
    "Each snapshot also keeps a copy of the container's saved AI-tool session (~/.coi/snapshots), so that a restore"
        + " brings back both the container's files and the saved session 'coi shell --resume' continues.",
    "The container is the one of --container, else $COI_CONTAINER, else the one coi container of this workspace."},
        subcommands = {
            SnapshotCommand.Create.class,
            SnapshotCommand.ListSnapshots.class,
            SnapshotCommand.Restore.class,
            SnapshotCommand.Delete.class,
            SnapshotCommand.Info.class
        })
final class SnapshotCommand {

    private SnapshotCommand() {
    }

    /** The {@code -c/--container} option and how every subcommand resolves it. */
    abstract static class OnContainer extends KernelCommand {

        @Option(names = {"-c", "--container"}, paramLabel = "NAME",
                completionCandidates = Candidates.ContainerNames.class,
                description = "The container (default: $COI_CONTAINER, else the one coi container of this workspace).")
        String container;

        String chooseContainer(SnapshotService snapshots) {
            ConfigEnvironment environment = context.kernel().environment();
            return snapshots.chooseContainer(Optional.ofNullable(container),
                    Optional.ofNullable(environment.variables().get("COI_CONTAINER")), environment.workingDirectory());
        }
    }

    @Command(name = "create", description = {"Take a snapshot of a container, with a copy of its saved session.",
        "The snapshot holds the container's filesystem and configuration. An ephemeral container's snapshots are deleted with it when its session ends"
            + " ('coi persist' keeps it)."})
    static final class Create extends OnContainer {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Snapshot name (default: snap-YYYYMMDD-HHMMSS, local time).")
        private String name;
        @Option(names = "--stateful", description = "Save the running processes' memory too (CRIU); needs CRIU on the"
                + " host and migration.stateful=true on the container, else nothing is created.")
        private boolean stateful;

        @Override
        public Integer call() throws Exception {
            SnapshotService snapshots = context.sessions().snapshots();
            String chosen = chooseContainer(snapshots);
            String snapshot = name == null ? snapshots.defaultName() : name;
            snapshots.create(chosen, snapshot, stateful);
            context.output().info("Created " + (stateful ? "stateful " : "") + "snapshot '" + snapshot
                    + "' for container '" + chosen + "'");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List a container's snapshots, or with --all every coi snapshot.")
    static final class ListSnapshots extends OnContainer {
        @Option(names = {"-a", "--all"}, description = "The snapshots of every coi container.")
        private boolean all;
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                completionCandidates = Candidates.TextOrJson.class,
                description = "text (default) or json.")
        private String format;

        @Override
        public Integer call() throws Exception {
            Formats.TextOrJson chosen = Formats.textOrJson(format);
            if (all && container != null) {
                throw CoiException.usage("give --container or --all, not both");
            }
            SnapshotService snapshots = context.sessions().snapshots();
            if (!all) {
                String name = chooseContainer(snapshots);
                List<Snapshot> found = snapshots.list(name);
                if (chosen == Formats.TextOrJson.JSON) {
                    context.output().json(SnapshotViews.listJson(name, found));
                } else {
                    SnapshotViews.table(name, found).forEach(context.output()::data);
                }
                return ExitCodes.OK;
            }
            Map<String, List<Snapshot>> everything = snapshots.listAll();
            if (chosen == Formats.TextOrJson.JSON) {
                context.output().json(SnapshotViews.allJson(everything));
            } else if (everything.isEmpty()) {
                context.output().info("No coi containers");
            } else {
                boolean first = true;
                for (Map.Entry<String, List<Snapshot>> entry : everything.entrySet()) {
                    if (!first) {
                        context.output().data("");
                    }
                    first = false;
                    SnapshotViews.table(entry.getKey(), entry.getValue()).forEach(context.output()::data);
                }
            }
            List<Path> orphans = snapshots.orphanedCopies();
            if (!orphans.isEmpty()) {
                context.output().warn("session copies of snapshots whose container is gone (they cannot be restored"
                        + " any more; remove them when you no longer need the saved state in them):");
                orphans.forEach(folder -> context.output().info("  " + folder));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "restore", description = {"Put a stopped container and its saved session back to a snapshot.",
        "The saved session goes back to the copy taken with the snapshot; the one it replaces is kept under"
            + " ~/.coi/snapshots/.replaced. Asks first unless --force."})
    static final class Restore extends OnContainer {
        @Parameters(index = "0", paramLabel = "NAME", description = "The snapshot ('coi snapshot list').")
        private String name;
        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        private boolean force;
        @Option(names = "--stateful", description = "Bring back the processes saved in a stateful snapshot too (starts the container).")
        private boolean stateful;

        @Override
        public Integer call() throws Exception {
            if (stateful) {
                // the restored processes run under the network rules of the configuration a workspace file can loosen
                context.requireConsent(Set.of());
            }
            SnapshotService snapshots = context.sessions().snapshots();
            String chosen = chooseContainer(snapshots);
            Snapshot snapshot = snapshots.checkRestore(chosen, name, stateful);
            String warning = "WARNING: This will restore container '" + chosen + "' to snapshot '" + name
                    + "'; what changed in it since is lost" + (snapshot.sessionCopy().isPresent()
                    ? ", and its saved session goes back to the snapshot's copy (the current one is kept aside)."
                    : ".");
            if (!SnapshotViews.confirmed(context, force, warning, "restore")) {
                context.output().info("Restore cancelled.");
                return ExitCodes.OK;
            }
            snapshots.restore(chosen, name, stateful);
            if (stateful) {
                // the restored processes run at once: their network rules must be in place as for any start
                context.sessions().sessionNetwork().enforceLabelled(chosen, context.kernel().config().config().network());
            }
            context.output().info("Restored container '" + chosen + "' from snapshot '" + name + "'");
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = {"Delete a snapshot and its copy of the saved session.",
        "With --all every snapshot of the container. Asks first unless --force."})
    static final class Delete extends OnContainer {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The snapshot ('coi snapshot list').")
        private String name;
        @Option(names = {"-a", "--all"}, description = "Every snapshot of the container.")
        private boolean all;
        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        private boolean force;

        @Override
        public Integer call() throws Exception {
            if (name == null && !all) {
                throw CoiException.usage("give a snapshot name or --all - 'coi snapshot list' shows the snapshots");
            }
            if (name != null && all) {
                throw CoiException.usage("give a snapshot name or --all, not both");
            }
            SnapshotService snapshots = context.sessions().snapshots();
            String chosen = chooseContainer(snapshots);
            if (!all) {
                snapshots.delete(chosen, name);
                context.output().info("Deleted snapshot '" + name + "' from container '" + chosen + "'");
                return ExitCodes.OK;
            }
            List<Snapshot> found = snapshots.list(chosen);
            if (found.isEmpty()) {
                context.output().info("No snapshots to delete for container '" + chosen + "'");
                return ExitCodes.OK;
            }
            if (!SnapshotViews.confirmed(context, force, "WARNING: This will delete all " + found.size()
                    + " snapshot(s) of container '" + chosen + "' and their session copies.", "delete --all")) {
                context.output().info("Delete cancelled.");
                return ExitCodes.OK;
            }
            for (Snapshot snapshot : found) {
                snapshots.delete(chosen, snapshot.name());
                context.output().info("Deleted snapshot '" + snapshot.name() + "'");
            }
            context.output().info("Deleted " + found.size() + " snapshot(s) from container '" + chosen + "'");
            return ExitCodes.OK;
        }
    }

    @Command(name = "info", description = "Show a snapshot and whether it holds a copy of the saved session.")
    static final class Info extends OnContainer {
        @Parameters(index = "0", paramLabel = "NAME", description = "The snapshot ('coi snapshot list').")
        private String name;
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                completionCandidates = Candidates.TextOrJson.class,
                description = "text (default) or json.")
        private String format;

        @Override
        public Integer call() throws Exception {
            Formats.TextOrJson chosen = Formats.textOrJson(format);
            SnapshotService snapshots = context.sessions().snapshots();
            String container = chooseContainer(snapshots);
            Snapshot snapshot = snapshots.info(container, name);
            if (chosen == Formats.TextOrJson.JSON) {
                context.output().json(SnapshotViews.infoJson(container, snapshot));
            } else {
                SnapshotViews.details(container, snapshot).forEach(context.output()::data);
            }
            return ExitCodes.OK;
        }
    }
}
