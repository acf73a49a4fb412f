package dev.coi.kernel.sessions;

import dev.coi.kernel.base.LocalFiles;

import dev.coi.api.AiTool;
import dev.coi.api.Progress;
import dev.coi.api.ToolFile;
import dev.coi.kernel.config.ToolSettings;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.IncusNotFoundException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.base.LocalTrees;
import dev.coi.kernel.lifecycle.SessionLifecycles;
import dev.coi.kernel.plugin.PluginRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Saves a session container's state and removes ephemeral ones: the one place that ends sessions, whether the
 * user detached, the tool exited, the container was powered off, or a killed coi left a stopped container
 * behind. An older good save is never replaced by a broken one, and a container whose state could not be
 * saved is not deleted.
 */
public final class SessionFinisher {

    private final ContainerRuntime incus;
    private final PluginRegistry plugins;
    private final Path coiHome;
    private final Progress progress;
    private final GitGuard gitGuard;
    private final SetIdBits setIdBits;
    private final SessionLifecycles lifecycles;
    private final WorkspaceReturn workspaces;

    /** How long an ending waits for another process's ending of the same container (a graceful stop and a save). */
    private static final Duration CLAIM_PATIENCE = Duration.ofMinutes(2);

    /** What became of one save. */
    enum Outcome {
        SAVED,
        /** There was nothing to save: no state directory in the container. The older save, if any, stays. */
        NOTHING,
        /** Saving failed; the older save stays, and the container must be kept so the state is not lost. */
        FAILED
    }

    /** A finisher that tells no lifecycle hook of its endings, for what only looks at sessions. */
    public SessionFinisher(ContainerRuntime incus, PluginRegistry plugins, Path coiHome, Path hostHome,
            Progress progress) {
        this(incus, plugins, coiHome, hostHome, progress, SessionLifecycles.none(progress));
    }

    /** @param lifecycles told of each session about to end */
    public SessionFinisher(ContainerRuntime incus, PluginRegistry plugins, Path coiHome, Path hostHome,
            Progress progress, SessionLifecycles lifecycles) {
        this(incus, plugins, coiHome, hostHome, progress, lifecycles, WorkspaceReturn.none());
    }

    /** @param workspaces brings copied workspaces back before their containers go */
    public SessionFinisher(ContainerRuntime incus, PluginRegistry plugins, Path coiHome, Path hostHome,
            Progress progress, SessionLifecycles lifecycles, WorkspaceReturn workspaces) {
        this.workspaces = workspaces;
        this.incus = incus;
        this.plugins = plugins;
        this.coiHome = coiHome;
        this.progress = progress;
        this.gitGuard = new GitGuard(coiHome, progress);
        this.setIdBits = new SetIdBits(progress, ownUid(), coiHome.resolve("quarantine"));
        this.lifecycles = lifecycles;
    }

    /** {@code /proc/self} belongs to the process's effective uid. */
    private static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /**
     * Before a session starts in a workspace: undoes what an earlier session left in its repository that would
     * make host git run a program, and records the repository for the check at this session's end.
     *
     * @param instances the instances as they are now
     */
    public void guardGit(Path workspace, List<Instance> instances) {
        gitGuard.beforeSession(workspace, sessionRunsIn(workspace, instances));
    }

    /**
     * Before a session starts in a workspace where none runs: takes off the setuid and setgid bits an earlier
     * session left, in case it ended without coi.
     */
    public void clearSetIdBits(Path workspace, List<Instance> instances) {
        if (!sessionRunsIn(workspace, instances)) {
            setIdBits.clear(workspace);
        }
    }

    /**
     * After a session of a workspace ended: undoes what it left in the repository that host git would run, and,
     * once no session of the workspace runs, takes the setuid and setgid bits off its files.
     */
    public void checkWorkspace(Optional<Path> workspace) {
        if (workspace.isEmpty()) {
            return;
        }
        boolean othersRunning = othersRunning(workspace.get());
        gitGuard.afterSession(workspace.get(), othersRunning);
        if (!othersRunning) {
            setIdBits.clear(workspace.get());
        }
    }

    /** Whether another session of the workspace runs; when Incus cannot tell, as if one did (the safe side). */
    private boolean othersRunning(Path workspace) {
        try {
            return sessionRunsIn(workspace, incus.instances());
        } catch (IncusException e) {
            // the git record stays for the next session's start to check against, the files are left alone
            return true;
        }
    }

    private static boolean sessionRunsIn(Path workspace, List<Instance> instances) {
        return instances.stream().map(SessionContainer::of)
                .anyMatch(container -> container.isLabelled() && container.isRunningOrFrozen()
                        && container.workspace().equals(Optional.of(workspace)));
    }

    /**
     * Pulls {@code <home>/<configDir>} (minus credentials, which go to the vault when valid and fresher) into
     * the session folder (staged, then swapped in; a failed pull keeps the older save) and writes the
     * metadata. Works on running and stopped containers. Failures are reported on the progress, not thrown.
     *
     * @return whether something was saved
     */
    public boolean save(SessionContainer container) {
        return saveState(container) == Outcome.SAVED;
    }

    /**
     * Brings a copied workspace's changes back from a running container, before something stops it.
     *
     * @return whether the container may go (see {@link WorkspaceReturn#bringBack})
     */
    public boolean bringBackWorkspace(SessionContainer container) {
        return workspaces.bringBack(container);
    }

    /**
     * The claim on a container this coi is about to create, held until it is set up: a coi that lists meanwhile must
     * not save and delete the new container, stopped until its network rules are in place, as one left behind.
     *
     * @param container the name it will have
     * @return the claim, to close once the container runs (or is gone); empty when another process holds it, so
     *         that the name is not free
     */
    public Optional<EndingClaim> claimForSetUp(String container) {
        return EndingClaim.takeForSetUp(coiHome, container);
    }

    /**
     * Saves; then, unless the container is persistent, stops it (gracefully within the timeout, then forced)
     * and deletes it. An ephemeral container is stopped before the save, so that what the tool writes while
     * it shuts down is saved too; it is kept (stopped) when its state could not be saved.
     */
    public void end(SessionContainer container, Duration stopTimeout) {
        try (EndingClaim claim = EndingClaim.take(coiHome, container.name(), CLAIM_PATIENCE)) {
            Optional<SessionContainer> current = claim.waited() ? current(container) : Optional.of(container);
            if (current.isEmpty()) {
                progress.info("The session in " + container.name() + " was ended meanwhile");
                return;
            }
            lifecycles.ending(current.get().ending());
            endClaimed(current.get(), stopTimeout);
        }
    }

    private void endClaimed(SessionContainer container, Duration stopTimeout) {
        try {
            stopSaveAndDelete(container, stopTimeout);
        } finally {
            checkWorkspace(container.workspace());
        }
    }

    private void stopSaveAndDelete(SessionContainer container, Duration stopTimeout) {
        // a copied workspace comes back while the container still runs: packing it takes an exec
        boolean workspaceBack = workspaces.bringBack(container);
        if (container.persistent() || !container.isLabelled()) {
            saveState(container);
            return;
        }
        if (!stop(container, stopTimeout)) {
            saveState(container);
            progress.warn("kept " + container.name() + " because it could not be stopped; 'coi kill " + container.name()
                    + "' removes it");
            return;
        }
        if (!workspaceBack) {
            saveState(container);
            progress.warn("kept the stopped container " + container.name() + " because the changes in its workspace"
                    + " did not come back: 'incus start " + container.name() + "', then 'coi sync " + container.name()
                    + "'; 'coi kill " + container.name() + "' discards them");
            return;
        }
        if (saveState(container) != Outcome.FAILED) {
            delete(container);
        } else {
            progress.warn("kept the stopped container " + container.name() + " so that its session is not lost;"
                    + " the next coi command tries to save it again, 'coi clean' removes it");
        }
    }

    /**
     * Saves and deletes every stopped, labelled, non-persistent container of the list: those a killed coi
     * could not end.
     *
     * @return how many were deleted
     */
    public int reapStopped(List<SessionContainer> containers) {
        return reap(containers, true);
    }

    /**
     * Like {@link #reapStopped} for containers whose copied workspaces came back while they still ran (a
     * shutdown brings it back before it stops the container, which can then pack nothing more).
     */
    public int reapBroughtBack(List<SessionContainer> containers) {
        return reap(containers, false);
    }

    private int reap(List<SessionContainer> containers, boolean bringBack) {
        int reaped = 0;
        for (SessionContainer container : containers) {
            if (!container.isStopped() || container.persistent() || !container.isLabelled()
                    || EndingClaim.isSettingUp(container.name())) {
                continue;
            }
            try (EndingClaim ignored = EndingClaim.take(coiHome, container.name(), CLAIM_PATIENCE)) {
                // read again even when the claim was free: the coi that set this container up may have started it
                // and let go of its claim since it was listed, and a running session is not reaped
                if (!stillStopped(container)) {
                    continue;
                }
                if (bringBack && !workspaces.bringBack(container)) {
                    continue;
                }
                progress.step("Saving the session of the stopped container " + container.name());
                if (saveState(container) == Outcome.FAILED) {
                    progress.warn("kept the stopped container " + container.name() + " because its session could not"
                            + " be saved");
                    continue;
                }
                if (delete(container)) {
                    reaped++;
                }
                checkWorkspace(container.workspace());
            }
        }
        return reaped;
    }

    /**
     * The container as it is now, after another process (the keeper at a deadline, a coi attached to it) may have
     * ended its session: empty when it is gone or holds another session.
     */
    private Optional<SessionContainer> current(SessionContainer container) {
        try {
            return incus.instance(container.name()).map(SessionContainer::of)
                    .filter(now -> now.sessionId().equals(container.sessionId()));
        } catch (IncusException e) {
            return Optional.of(container);
        }
    }

    /** Whether the container still holds the listed session and is stopped; when Incus cannot say, it is left. */
    private boolean stillStopped(SessionContainer container) {
        try {
            return incus.instance(container.name()).map(SessionContainer::of)
                    .filter(now -> now.sessionId().equals(container.sessionId()) && now.isStopped()).isPresent();
        } catch (IncusException e) {
            return false;
        }
    }

    private Outcome saveState(SessionContainer container) {
        if (!container.isLabelled()) {
            progress.warn("not saving " + container.name() + ": coi did not make it, so it has no session id");
            return Outcome.FAILED;
        }
        String toolName = container.tool().orElse(ToolSettings.REFERENCE_TOOL);
        Optional<AiTool> tool = plugins.tool(toolName);
        if (tool.isEmpty()) {
            progress.warn("cannot save the session of " + container.name() + ": no plugin provides the tool \""
                    + toolName + "\" it ran (see 'coi plugin list')");
            return Outcome.FAILED;
        }
        SessionStore store = new SessionStore(coiHome, toolName);
        String sessionId = container.sessionId().orElseThrow();
        if (!SessionStore.isSessionId(sessionId)) {
            progress.warn("cannot save the session of " + container.name() + ": its session id \"" + sessionId
                    + "\" is not a plain name");
            return Outcome.FAILED;
        }
        try {
            Outcome outcome = new StateCopy(container, tool.get(), store.sessionDirectory(sessionId)).run();
            if (outcome == Outcome.FAILED) {
                return outcome;
            }
            // with nothing new, an older save stays as it was; a session seen for the first time is still recorded
            if (outcome == Outcome.SAVED || store.find(sessionId).flatMap(SavedSession::metadata).isEmpty()) {
                store.writeMetadata(metadata(container, toolName, sessionId));
            }
            if (outcome == Outcome.SAVED) {
                progress.info("Saved session " + sessionId + " to " + store.sessionDirectory(sessionId));
            }
            return outcome;
        } catch (IOException | UncheckedIOException e) {
            progress.warn("cannot save the session of " + container.name() + " to " + store.sessionDirectory(sessionId)
                    + ": " + e.getMessage() + "; the older save, if any, is kept");
            return Outcome.FAILED;
        }
    }

    private static SessionMetadata metadata(SessionContainer container, String toolName, String sessionId) {
        return new SessionMetadata(sessionId, container.name(), container.persistent(),
                container.workspace().map(Path::toString).orElse(""), SessionMetadata.now(), toolName,
                Optional.ofNullable(container.instance().config().get(SessionLabels.IMAGE)).orElse(""),
                container.workspaceMode().configName());
    }

    private boolean stop(SessionContainer container, Duration timeout) {
        if (container.isStopped()) {
            return true;
        }
        Duration graceful = timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout;
        try {
            incus.stop(container.name(), graceful, false);
            return true;
        } catch (IncusNotFoundException e) {
            return true;
        } catch (IncusException e) {
            // another coi (a shutdown, the shell that started it) may have stopped it meanwhile
            if (isStopped(container.name())) {
                return true;
            }
            progress.info(container.name() + " did not stop within " + graceful.toSeconds() + " s; forcing it");
        }
        try {
            incus.stop(container.name(), graceful, true);
            return true;
        } catch (IncusException e) {
            if (isStopped(container.name())) {
                return true;
            }
            progress.warn("cannot stop " + container.name() + ": " + e.getMessage());
            return false;
        }
    }

    private boolean isStopped(String name) {
        try {
            return incus.instance(name).map(Instance::isStopped).orElse(true);
        } catch (IncusException e) {
            return false;
        }
    }

    private boolean delete(SessionContainer container) {
        try {
            incus.delete(container.name());
            return true;
        } catch (IncusNotFoundException e) {
            return false;
        } catch (IncusException e) {
            if (runsTheSameSession(container)) {
                return deleteRunningAgain(container);
            }
            progress.warn("cannot delete " + container.name() + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * A stopped container may show as running again a moment later (Incus reported the stop done while the
     * container's init was still going down, seen under load); its session is saved, so it is killed and deleted.
     */
    private boolean deleteRunningAgain(SessionContainer container) {
        try {
            incus.deleteForcibly(container.name());
            return true;
        } catch (IncusException e) {
            progress.warn("cannot delete " + container.name() + ": " + e.getMessage());
            return false;
        }
    }

    private boolean runsTheSameSession(SessionContainer container) {
        try {
            return incus.instance(container.name()).filter(Instance::isRunning)
                    .map(now -> SessionContainer.of(now).sessionId().equals(container.sessionId())).orElse(false);
        } catch (IncusException e) {
            return false;
        }
    }

    /** Copies one container's state directory into its session folder, and its credentials into the vault. */
    private final class StateCopy {

        private final SessionContainer container;
        private final AiTool tool;
        private final Path folder;
        private final CredentialVault vault;

        StateCopy(SessionContainer container, AiTool tool, Path folder) {
            this.container = container;
            this.tool = tool;
            this.folder = folder;
            this.vault = new CredentialVault(coiHome, tool.name());
        }

        Outcome run() throws IOException {
            Optional<String> configDirectory = tool.configDirectory();
            if (configDirectory.isEmpty()) {
                keepCredentials(Optional.empty());
                return Outcome.SAVED;
            }
            LocalFiles.privateFolder(coiHome, folder);
            Path staging = folder.resolve(LocalFiles.WORK_PREFIX + "save-" + UUID.randomUUID());
            try {
                Files.createDirectory(staging);
                Path copy = staging.resolve(configDirectory.get());
                String source = container.home() + "/" + configDirectory.get();
                try {
                    incus.files().pull(container.name(), source, copy);
                } catch (IncusNotFoundException e) {
                    progress.info("No " + configDirectory.get() + " in " + container.name() + "; nothing to save"
                            + (Files.exists(folder.resolve(configDirectory.get())) ? ", the older save is kept" : ""));
                    keepCredentials(Optional.empty());
                    return Outcome.NOTHING;
                } catch (IncusException e) {
                    progress.warn("cannot copy " + source + " out of " + container.name() + ": " + e.getMessage()
                            + "; the older save, if any, is kept");
                    return Outcome.FAILED;
                }
                if (Files.isSymbolicLink(copy)) {
                    progress.warn(source + " in " + container.name() + " is a symbolic link, not a folder; it is not"
                            + " saved, the older save, if any, is kept");
                    keepCredentials(Optional.empty());
                    return Outcome.NOTHING;
                }
                keepCredentials(Optional.of(copy));
                swapIn(copy, folder.resolve(configDirectory.get()));
                return Outcome.SAVED;
            } finally {
                LocalTrees.delete(staging);
            }
        }

        /**
         * Offers every credentials file to the vault and removes it from the copy: secrets are kept in one
         * place, and only when the tool says they are valid.
         */
        private void keepCredentials(Optional<Path> copy) throws IOException {
            String prefix = tool.configDirectory().map(dir -> dir + "/").orElse("\0");
            for (ToolFile file : tool.hostFiles()) {
                if (file.kind() != ToolFile.Kind.CREDENTIALS) {
                    continue;
                }
                Optional<byte[]> content;
                if (copy.isPresent() && file.path().startsWith(prefix)) {
                    String inCopy = file.path().substring(prefix.length());
                    content = LocalTrees.below(copy.get(), inCopy)
                            .filter(copied -> Files.isRegularFile(copied, LinkOption.NOFOLLOW_LINKS))
                            .map(StateCopy::readAll);
                    LocalTrees.deleteBelow(copy.get(), inCopy);
                } else {
                    content = readFromContainer(container.home() + "/" + file.path());
                }
                if (content.isPresent() && vault.offer(tool, file, content.get())) {
                    progress.info("Kept the credentials " + tool.name() + " refreshed in " + container.name());
                }
            }
        }

        private static byte[] readAll(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Optional<byte[]> readFromContainer(String path) {
            try {
                var file = incus.files().read(container.name(), path);
                return "file".equals(file.type()) ? Optional.of(file.content()) : Optional.empty();
            } catch (IncusNotFoundException e) {
                return Optional.empty();
            } catch (IncusException e) {
                progress.warn("cannot read " + path + " in " + container.name() + ": " + e.getMessage());
                return Optional.empty();
            }
        }

        /** Puts the complete new copy in place; the old one is moved aside first and deleted only after. */
        private void swapIn(Path copy, Path target) throws IOException {
            // a state folder deeper in the home (.local/share/opencode) needs its parents in the session folder
            Files.createDirectories(target.getParent());
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            Path old = folder.resolve(LocalFiles.WORK_PREFIX + "old-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                throw e;
            }
            LocalTrees.delete(old);
        }
    }
}
