package dev.coi.kernel.workspace;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.LocalFiles;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.WorkspaceMode;
import dev.coi.kernel.sessions.WorkspaceReturn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Copied workspaces: in at a session's start, back and forth with {@code coi sync}, back at the session's end.
 * Each session's record folder, {@code ~/.coi/workspace-copies/<session id>/}, private to the user, holds the
 * manifest of what both sides last agreed on, the container's versions of conflicting files, and the trash folder
 * of host files the container deleted.
 */
public final class WorkspaceCopies implements WorkspaceReturn {

    static final String FOLDER = "workspace-copies";
    /** How many left-out paths a copy names before it only counts them. */
    private static final int NAMED = 10;

    private final ContainerRuntime incus;
    private final Path coiHome;
    private final Progress progress;
    private final SyncLimits limits;

    public WorkspaceCopies(ContainerRuntime incus, Path coiHome, Progress progress, SyncLimits limits) {
        this.incus = incus;
        this.coiHome = coiHome;
        this.progress = progress;
        this.limits = limits;
    }

    /** The record folder of a session. */
    public Path record(String sessionId) {
        if (!SessionStore.isSessionId(sessionId)) {
            throw CoiException.failure("\"" + sessionId + "\" is not a session id coi made");
        }
        return coiHome.resolve(FOLDER).resolve(sessionId);
    }

    /**
     * Copies the workspace into a new session's container, owned by the session user, and records what went in.
     *
     * @throws CoiException when the workspace cannot be read or the container cannot take it
     */
    public void copyIn(String container, String sessionId, Path workspace, int uid, int gid) {
        Path record = record(sessionId);
        Path tar = record.resolve(LocalFiles.WORK_PREFIX + "copy-in-" + UUID.randomUUID() + ".tar");
        try {
            LocalFiles.privateFolder(coiHome, record);
            List<String> leftOut = new ArrayList<>();
            WorkspaceManifest manifest;
            try (OutputStream out = Files.newOutputStream(tar)) {
                manifest = CopyIn.write(new HostWorkspace(workspace), out, leftOut);
            }
            new ContainerWorkspace(incus, container).unpack(tar, uid, gid);
            manifest.write(record.resolve(WorkspaceSync.MANIFEST));
            progress.info("Workspace copied into " + container + ": " + manifest.files().size() + " files"
                    + (manifest.git() ? " (git: tracked, untracked not ignored, and .git)" : ""));
            warnLeftOut(leftOut);
        } catch (IOException | UncheckedIOException e) {
            throw CoiException.failure("cannot copy " + workspace + " into " + container + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(tar);
            } catch (IOException e) {
                progress.warn("cannot remove " + tar + ": " + e.getMessage());
            }
        }
    }

    private void warnLeftOut(List<String> leftOut) {
        if (leftOut.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(leftOut.size() + " paths of the workspace were not copied:");
        leftOut.stream().limit(NAMED).forEach(path -> text.append("\n  ").append(path));
        if (leftOut.size() > NAMED) {
            text.append("\n  ... and ").append(leftOut.size() - NAMED).append(" more");
        }
        progress.warn(text.toString());
    }

    /**
     * Syncs a running session container's copied workspace with the host.
     *
     * @throws CoiException (usage) when its workspace is mounted; (failure) when it cannot be synced, in which case
     *                      the host was not changed
     */
    public SyncReport sync(SessionContainer container, SyncDirection direction, boolean dryRun) {
        if (container.workspaceMode() != WorkspaceMode.COPY) {
            throw CoiException.usage(container.name() + " mounts its workspace: its files are the host's already,"
                    + " there is nothing to sync");
        }
        String sessionId = container.sessionId().orElseThrow(() -> CoiException.failure(container.name()
                + " has no session label"));
        Path workspace = container.workspace().orElseThrow(() -> CoiException.failure(container.name()
                + " has no workspace label"));
        if (!container.isRunning()) {
            throw CoiException.failure(container.name() + " is not running, and only a running container can pack"
                    + " its workspace: start it with 'incus start " + container.name() + "' and sync again ('coi"
                    + " kill " + container.name() + "' discards its changes)");
        }
        Path record = record(sessionId);
        if (!WorkspaceSync.exists(record)) {
            throw CoiException.failure("no record of what went into " + container.name() + " (" + record.resolve(WorkspaceSync.MANIFEST)
                    + " is missing), so coi cannot tell which side changed what; copy"
                    + " what you need with 'coi file pull -r " + container.name() + ":/workspace <folder>'");
        }
        ContainerWorkspace inside = new ContainerWorkspace(incus, container.name());
        try {
            boolean git = WorkspaceManifest.read(record.resolve(WorkspaceSync.MANIFEST)).git();
            try (InputStream tar = inside.pack(git)) {
                return new WorkspaceSync(workspace, record, limits).run(tar, direction, dryRun,
                        (changes, deletions) -> inside.apply(changes, deletions, container.uid(), container.uid()));
            }
        } catch (IOException | UncheckedIOException e) {
            throw CoiException.failure("cannot sync " + container.name() + ":/workspace with " + workspace + ": "
                    + e.getMessage());
        }
    }

    /**
     * At a session's end: the container's changes come to the host (conflicting ones kept aside, as by
     * {@code coi sync --from-container}); the outcome is told on the progress.
     */
    @Override
    public boolean bringBack(SessionContainer container) {
        if (container.workspaceMode() != WorkspaceMode.COPY || !container.isLabelled()) {
            return true;
        }
        try {
            SyncReport report = sync(container, SyncDirection.FROM_CONTAINER, false);
            SyncText.lines(report, container.name()).forEach(line -> {
                if (line.warning()) {
                    progress.warn(line.text());
                } else {
                    progress.info(line.text());
                }
            });
            return true;
        } catch (IncusException e) {
            progress.warn("the workspace of " + container.name() + " could not come back: " + e.getMessage()
                    + "; the container is kept: 'coi sync " + container.name() + "' tries again");
            return false;
        } catch (CoiException e) {
            progress.warn("the workspace of " + container.name() + " could not come back: " + e.getMessage()
                    + "; the container is kept so that nothing is lost");
            return false;
        }
    }
}
