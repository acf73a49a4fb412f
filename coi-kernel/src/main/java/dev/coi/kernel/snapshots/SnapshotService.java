package dev.coi.kernel.snapshots;

import dev.coi.api.AiTool;
import dev.coi.api.PortException;
import dev.coi.api.Progress;
import dev.coi.api.SnapshotStore;
import dev.coi.api.StoredSnapshot;
import dev.coi.api.ToolFile;
import dev.coi.kernel.config.ToolSettings;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.IncusNotFoundException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.base.LocalTrees;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SavedSession;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionLabels;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.SessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code coi snapshot}: snapshots of a container, taken by a {@link SnapshotStore} (Incus' own, the kernel's
 * {@link IncusSnapshotStore}), each together with a host copy of the container's saved AI-tool session
 * ({@link SessionCopies}), so that a restore brings back both the container's files and the saved session
 * {@code --resume} starts new containers from. Credentials are never copied: they stay in the container and in
 * coi's credential vault.
 */
public final class SnapshotService {

    private static final DateTimeFormatter DEFAULT_NAME = DateTimeFormatter.ofPattern("'snap-'uuuuMMdd-HHmmss");
    /** What Incus accepts as a snapshot name and is a plain folder name on the host too. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final ContainerRuntime incus;
    private final SnapshotStore store;
    private final Supplier<PluginRegistry> plugins;
    private final Path coiHome;
    private final ContainerNames names;
    private final SessionCopies copies;
    private final Progress progress;
    private final Clock clock;

    /**
     * With the store named {@code incus}, the kernel's; a setting may choose another by name later, the plugins'
     * stores included.
     */
    public SnapshotService(IncusClient incus, Supplier<PluginRegistry> plugins, Path coiHome, ContainerNames names,
            Map<String, String> environment, Progress progress, Clock clock) {
        this(incus, SnapshotStores.named(IncusSnapshotStore.NAME, List.of(IncusSnapshotStore.of(incus, environment)),
                plugins), plugins, coiHome, names, progress, clock);
    }

    /**
     * @param incus finds the containers and copies their saved sessions out
     * @param store takes and restores the snapshots
     */
    SnapshotService(ContainerRuntime incus, SnapshotStore store, Supplier<PluginRegistry> plugins, Path coiHome,
            ContainerNames names, Progress progress, Clock clock) {
        this.incus = incus;
        this.store = store;
        this.plugins = plugins;
        this.coiHome = coiHome;
        this.names = names;
        this.copies = new SessionCopies(coiHome);
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * The container to work on: the one named by the flag, else by {@code $COI_CONTAINER}, else the one session
     * container of the workspace.
     */
    public String chooseContainer(Optional<String> flag, Optional<String> variable, Path workspace) {
        return new ContainerChoice(name -> incus.instance(name).isPresent(),
                () -> incus.instances().stream().map(Instance::name).toList(), names)
                .choose(flag, variable, workspace);
    }

    /** {@code snap-YYYYMMDD-HHMMSS} in local time. */
    public String defaultName() {
        return LocalDateTime.now(clock).format(DEFAULT_NAME);
    }

    /**
     * Takes a snapshot, and with it a copy of the container's saved session when it has one. With
     * {@code stateful}, refuses before anything is done when the store cannot save the processes.
     */
    public Snapshot create(String container, String name, boolean withProcesses) {
        checkName(name);
        Instance instance = instance(container);
        if (asked(() -> store.find(container, name)).isPresent()) {
            throw CoiException.failure("snapshot '" + name + "' already exists for container '" + container + "'");
        }
        if (withProcesses) {
            refuseUnless(asked(() -> store.problemsSavingProcesses(container)), "cannot take a stateful snapshot of '"
                    + container + "', nothing was created:");
        }
        SessionContainer session = SessionContainer.of(instance);
        if (session.isLabelled() && !session.persistent()) {
            progress.warn("container '" + container + "' is ephemeral: it is deleted when its session ends, and its"
                    + " snapshots with it; 'coi persist " + container + "' keeps it");
        }
        Optional<StagedCopy> staged = stageSessionCopy(session);
        try {
            asked(() -> store.create(container, name, withProcesses));
        } catch (RuntimeException e) {
            discard(staged);
            throw e;
        }
        StoredSnapshot taken = asked(() -> store.find(container, name)).orElseThrow(() -> CoiException.failure(
                "the " + store.name() + " store took snapshot '" + name + "' of '" + container
                        + "' but does not find it now"));
        Optional<SessionCopy> copy = Optional.empty();
        if (staged.isPresent()) {
            copy = Optional.of(commit(staged.get(), container, taken));
        }
        return snapshot(taken, copy);
    }

    /** The container's snapshots, oldest first. */
    public List<Snapshot> list(String container) {
        instance(container);
        return asked(() -> store.list(container)).stream()
                .map(taken -> snapshot(taken, copies.of(container, taken.name(), taken.createdAt())))
                .toList();
    }

    /** The snapshots of every coi session container, by container name. */
    public Map<String, List<Snapshot>> listAll() {
        Map<String, List<Snapshot>> all = new LinkedHashMap<>();
        incus.instances().stream().map(Instance::name).filter(names::isSessionContainer).sorted()
                .forEach(name -> all.put(name, list(name)));
        return all;
    }

    /**
     * The folders of session copies whose container is gone, with its snapshots: they can never be restored, and
     * are left for the user to look at and remove.
     */
    public List<Path> orphanedCopies() {
        try {
            return copies.orphans(new HashSet<>(incus.instances().stream().map(Instance::name).toList()));
        } catch (IOException e) {
            progress.warn("cannot look through " + copies.directory() + ": " + e.getMessage());
            return List.of();
        }
    }

    /** One snapshot; fails when there is none of that name. */
    public Snapshot info(String container, String name) {
        instance(container);
        StoredSnapshot taken = existingSnapshot(container, name);
        return snapshot(taken, copies.of(container, name, taken.createdAt()));
    }

    /**
     * Checks everything a restore needs that can be known before it is asked for: the snapshot exists, the
     * container is stopped, and with {@code withProcesses} that Incus can bring them back.
     */
    public Snapshot checkRestore(String container, String name, boolean withProcesses) {
        Instance instance = instance(container);
        StoredSnapshot taken = existingSnapshot(container, name);
        if (!instance.isStopped()) {
            throw CoiException.failure("container '" + container + "' must be stopped before restore (use 'coi"
                    + " container stop " + container + "')");
        }
        if (withProcesses) {
            refuseUnless(asked(() -> store.problemsRestoringProcesses(container, name)), "cannot restore the"
                    + " processes of '" + container + "' from snapshot '" + name + "', nothing was changed:");
        }
        return snapshot(taken, copies.of(container, name, taken.createdAt()));
    }

    /**
     * Restores the container from the snapshot; then its saved session from the copy taken with it, moving the
     * saved session it replaces aside. The container keeps the persistence it has now: the snapshot's older
     * label would otherwise let the next coi command delete a container the user has since persisted.
     */
    public void restore(String container, String name, boolean withProcesses) {
        Snapshot checked = checkRestore(container, name, withProcesses);
        Instance before = instance(container);
        asked(() -> store.restore(container, name, withProcesses));
        keepPersistence(container, before);
        SessionContainer restored = SessionContainer.of(instance(container));
        if (!restored.isLabelled()) {
            return;
        }
        String sessionId = restored.sessionId().orElseThrow();
        Optional<SessionCopy> copy = checked.sessionCopy().filter(found -> found.sessionId().equals(sessionId));
        if (copy.isEmpty()) {
            progress.info("Snapshot '" + name + "' has no copy of the saved session " + sessionId + " (taken without"
                    + " coi, or with no tool state in the container): the saved session is left as it was");
            return;
        }
        restoreSavedSession(copy.get(), restored);
    }

    /** Deletes a snapshot and the session copy taken with it. */
    public void delete(String container, String name) {
        instance(container);
        StoredSnapshot taken = existingSnapshot(container, name);
        Optional<SessionCopy> copy = copies.of(container, name, taken.createdAt());
        asked(() -> store.delete(container, name));
        if (copy.isPresent()) {
            try {
                copies.delete(copy.get().directory());
            } catch (IOException e) {
                progress.warn("deleted snapshot '" + name + "', but not its session copy " + copy.get().directory()
                        + ": " + e.getMessage() + "; it is no longer used and may be removed by hand");
            }
        }
    }

    private Optional<StagedCopy> stageSessionCopy(SessionContainer session) {
        if (!session.isLabelled()) {
            return Optional.empty();
        }
        String toolName = session.tool().orElse(ToolSettings.REFERENCE_TOOL);
        Optional<AiTool> tool = plugins.get().tool(toolName);
        if (tool.isEmpty()) {
            progress.warn("no copy of the saved session is taken with this snapshot: no plugin provides the tool \""
                    + toolName + "\" of " + session.name() + " (see 'coi plugin list')");
            return Optional.empty();
        }
        Optional<String> stateDirectory = tool.get().configDirectory();
        if (stateDirectory.isEmpty()) {
            return Optional.empty();
        }
        Path staging;
        try {
            staging = copies.stage(session.name());
        } catch (IOException e) {
            throw CoiException.failure("cannot write to " + copies.directory() + ": " + e.getMessage()
                    + "; nothing was created");
        }
        String source = session.home() + "/" + stateDirectory.get();
        try {
            incus.files().pull(session.name(), source, staging.resolve(stateDirectory.get()));
            if (Files.isSymbolicLink(staging.resolve(stateDirectory.get()))) {
                progress.warn(source + " in " + session.name() + " is a symbolic link, not a folder: the snapshot is"
                        + " taken without a session copy");
                deleteQuietly(staging);
                return Optional.empty();
            }
            removeCredentials(tool.get(), stateDirectory.get(), staging.resolve(stateDirectory.get()));
        } catch (IncusNotFoundException e) {
            progress.info("No " + source + " in " + session.name() + ": the snapshot is taken without a session copy");
            deleteQuietly(staging);
            return Optional.empty();
        } catch (IncusException | IOException | UncheckedIOException e) {
            deleteQuietly(staging);
            throw CoiException.failure("cannot copy the saved session out of " + session.name() + " (" + source + "): "
                    + e.getMessage() + "; nothing was created");
        }
        return Optional.of(new StagedCopy(staging, session.sessionId().orElseThrow(), toolName, stateDirectory.get(),
                OffsetDateTime.now(clock).withNano(0)));
    }

    /** Credentials stay where coi keeps them (the vault, the container); a copy of saved state holds none. */
    private static void removeCredentials(AiTool tool, String stateDirectory, Path copy) throws IOException {
        String prefix = stateDirectory + "/";
        for (ToolFile file : tool.hostFiles()) {
            if (file.kind() != ToolFile.Kind.CREDENTIALS || !file.path().startsWith(prefix)) {
                continue;
            }
            LocalTrees.deleteBelow(copy, file.path().substring(prefix.length()));
        }
    }

    private SessionCopy commit(StagedCopy staged, String container, StoredSnapshot taken) {
        SessionCopy copy = new SessionCopy(copies.folder(container, taken.name()), container, taken.name(),
                taken.createdAt(), staged.sessionId(), staged.tool(), staged.stateDirectory(), staged.savedAt());
        try {
            copies.commit(staged.folder(), copy).ifPresent(aside -> progress.warn("a session copy of an earlier"
                    + " snapshot '" + taken.name() + "' of a container named " + container + " was in the way; moved"
                    + " it to " + aside));
            progress.info("Saved the session " + copy.sessionId() + " with the snapshot in " + copy.directory());
            return copy;
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(staged.folder());
            // a snapshot whose restore would leave the saved session behind is not what was asked for
            try {
                store.delete(container, taken.name());
            } catch (PortException undo) {
                throw CoiException.failure("cannot save the session copy in " + copy.directory() + ": "
                        + e.getMessage() + "; and cannot delete the snapshot again: " + undo.getMessage()
                        + " ('coi snapshot delete " + taken.name() + " -c " + container + "')");
            }
            throw CoiException.failure("cannot save the session copy in " + copy.directory() + ": " + e.getMessage()
                    + "; the snapshot was deleted again, nothing was created");
        }
    }

    private void restoreSavedSession(SessionCopy copy, SessionContainer container) {
        SessionStore store = new SessionStore(coiHome, copy.tool());
        SessionMetadata metadata = store.find(copy.sessionId()).flatMap(SavedSession::metadata)
                .orElseGet(() -> new SessionMetadata(copy.sessionId(), container.name(), container.persistent(),
                        container.workspace().map(Path::toString).orElse(""), copy.savedAt(), copy.tool(),
                        container.instance().config().getOrDefault(SessionLabels.IMAGE, "")))
                .savedAt(copy.savedAt())
                .withPersistent(container.persistent());
        try {
            Optional<Path> replaced = new SavedSessionReplacement(copies, coiHome).apply(copy, metadata);
            progress.info("The saved session " + copy.sessionId() + " is back as it was at the snapshot"
                    + replaced.map(aside -> "; the one it replaced is kept in " + aside).orElse(""));
        } catch (IOException | UncheckedIOException e) {
            throw CoiException.failure("restored container '" + container.name() + "', but not its saved session "
                    + copy.sessionId() + " from " + copy.directory() + ": " + e.getMessage() + "; the saved session"
                    + " is left as it was");
        }
    }

    private void keepPersistence(String container, Instance before) {
        String persistent = before.config().get(SessionLabels.PERSISTENT);
        if (persistent == null) {
            return;
        }
        Instance after = instance(container);
        if (!persistent.equals(after.config().get(SessionLabels.PERSISTENT))) {
            incus.update(container, Map.of(SessionLabels.PERSISTENT, persistent), Map.of());
        }
    }

    private Instance instance(String container) {
        return incus.instance(container).orElseThrow(() -> CoiException.failure("container '" + container
                + "' not found"));
    }

    private StoredSnapshot existingSnapshot(String container, String name) {
        return asked(() -> store.find(container, name)).orElseThrow(() -> CoiException.failure("snapshot '" + name
                + "' not found for container '" + container + "' - 'coi snapshot list -c " + container
                + "' shows its snapshots"));
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw CoiException.usage("invalid snapshot name '" + name + "': use letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit, at most 63 characters");
        }
    }

    private static void refuseUnless(List<String> problems, String headline) {
        if (problems.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(headline);
        problems.forEach(problem -> lines.add("  - " + problem));
        throw CoiException.failure(String.join(System.lineSeparator(), lines));
    }

    private static Snapshot snapshot(StoredSnapshot taken, Optional<SessionCopy> copy) {
        return new Snapshot(taken.name(), taken.createdAt(), taken.expiresAt(), taken.stateful(), taken.description(),
                copy);
    }

    /** A store's failure as coi's: its message says what failed, as an Incus failure's does. */
    private static <T> T asked(Supplier<T> request) {
        try {
            return request.get();
        } catch (PortException e) {
            throw new CoiException(ExitCodes.FAILURE, e.getMessage(), e);
        }
    }

    private static void asked(Runnable request) {
        asked(() -> {
            request.run();
            return null;
        });
    }

    private void discard(Optional<StagedCopy> staged) {
        staged.ifPresent(copy -> deleteQuietly(copy.folder()));
    }

    private void deleteQuietly(Path folder) {
        try {
            LocalTrees.delete(folder);
        } catch (IOException e) {
            progress.warn("cannot remove the unfinished copy " + folder + ": " + e.getMessage());
        }
    }

    /** A session copy pulled into its staging folder, waiting for the snapshot it belongs to. */
    private record StagedCopy(Path folder, String sessionId, String tool, String stateDirectory,
            OffsetDateTime savedAt) {
    }
}
