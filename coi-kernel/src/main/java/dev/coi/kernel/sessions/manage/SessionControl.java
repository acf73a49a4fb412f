package dev.coi.kernel.sessions.manage;

import dev.coi.api.Progress;
import dev.coi.kernel.config.ToolSettings;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.IncusNotFoundException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.lifecycle.SessionLifecycles;
import dev.coi.kernel.sessions.SavedSession;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.SessionLabels;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.SessionStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code coi persist}, {@code shutdown}, {@code kill} and {@code clean} do to one session container. The
 * session is saved before a container is deleted; only {@code kill} deletes a container whose session could not
 * be saved, because the user asked for exactly that. Each method reports its steps on the progress and returns
 * whether it succeeded; Incus errors are reported, not thrown, so that one bad container does not stop the rest.
 * {@code shutdown} and {@code kill} end a coi session the way its own coi does, so the lifecycle hooks hear of it
 * first ({@code ending}); the Incus client tells them of the stop and the delete.
 */
public final class SessionControl {

    private final ContainerRuntime incus;
    private final Supplier<SessionFinisher> finisher;
    private final SavedSessions saved;
    private final Progress progress;
    private final SessionLifecycles lifecycles;

    /** @param lifecycles told of each session that {@code shutdown} or {@code kill} is about to end */
    public SessionControl(ContainerRuntime incus, Supplier<SessionFinisher> finisher, SavedSessions saved,
            Progress progress, SessionLifecycles lifecycles) {
        this.incus = incus;
        this.finisher = finisher;
        this.saved = saved;
        this.progress = progress;
        this.lifecycles = lifecycles;
    }

    /**
     * Keeps the container after it stops: the {@code user.coi.persistent} label on the container (which every coi
     * process reads, also a running {@code coi shell} when its session ends), and {@code metadata.json} of its
     * saved session when there is one, so that a resumed session is persistent too.
     */
    public boolean persist(SessionContainer container) {
        try {
            incus.update(container.name(), Map.of(SessionLabels.PERSISTENT, "true"), Map.of());
        } catch (IncusException e) {
            progress.warn("cannot mark " + container.name() + " as persistent: " + e.getMessage());
            return false;
        }
        Optional<SavedSessions.ToolSession> session = savedSessionOf(container);
        if (session.isEmpty()) {
            return true;
        }
        SavedSession found = session.get().session();
        if (found.metadata().isEmpty()) {
            progress.warn("the saved session " + found.id() + " has no readable metadata.json ("
                    + found.problem().orElse("unknown") + "); the container itself is marked persistent");
            return true;
        }
        SessionMetadata old = found.metadata().get();
        try {
            saved.store(session.get().tool()).writeMetadata(new SessionMetadata(old.sessionId(), old.containerName(),
                    true, old.workspace(), old.savedAt(), old.tool(), old.image()));
        } catch (IOException e) {
            progress.warn("cannot update " + found.directory().resolve("metadata.json") + ": " + e.getMessage()
                    + "; the container itself is marked persistent");
        }
        return true;
    }

    /**
     * Stops the container (gracefully within the timeout, then forced), saves its session and deletes it, as the
     * reference tool does: persistent containers and containers coi did not make ({@code coi container launch})
     * too, and one that was already stopped. A container whose session could not be saved is kept (stopped), so
     * that no work is lost; a persistent session's saved metadata stays persistent, so that
     * {@code coi shell --resume} continues it persistently.
     */
    public boolean shutdown(SessionContainer container, Duration timeout) {
        String name = container.name();
        progress.info("Shutting down container " + name + " (timeout: " + timeout.toSeconds() + "s)...");
        if (!finisher.get().bringBackWorkspace(container)) {
            progress.warn("did not shut down " + name + ", so that the changes in its workspace are not lost");
            return false;
        }
        ending(container);
        if (container.isFrozen()) {
            // its processes cannot end by themselves while they wait: they are stopped at once
            progress.info("  " + name + " is frozen: stopping it at once");
            try {
                incus.stop(name, Duration.ZERO, true);
            } catch (IncusException e) {
                progress.warn("cannot stop " + name + ": " + e.getMessage());
                return false;
            }
        } else if (container.isRunning() && !stopGracefully(name, timeout)) {
            return false;
        }
        Optional<SessionContainer> stopped = reread(name);
        stopped.ifPresent(this::checkWorkspace);
        if (stopped.isEmpty()) {
            // a coi shell watching it saw it stop, saved it and removed it
            progress.info("  ✓ Shutdown " + name);
            return true;
        }
        boolean removed = stopped.get().isLabelled() ? saveAndDelete(stopped.get(), true) : delete(name);
        if (removed) {
            progress.info("  ✓ Shutdown " + name);
        }
        return removed;
    }

    /**
     * Before the stop, so that a hook still finds the session's container running. A container coi did not make
     * holds no session to end.
     */
    private void ending(SessionContainer container) {
        if (container.isLabelled()) {
            lifecycles.ending(container.ending());
        }
    }

    private boolean delete(String name) {
        try {
            incus.delete(name);
            return true;
        } catch (IncusNotFoundException e) {
            return true;
        } catch (IncusException e) {
            progress.warn("cannot delete " + name + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * A stopped session container: what its session left in the repository that host git would run is undone,
     * setuid and setgid bits in its workspace are taken off.
     */
    private void checkWorkspace(SessionContainer stopped) {
        if (stopped.isStopped()) {
            finisher.get().checkWorkspace(stopped.workspace());
        }
    }

    /**
     * Kills the container at once and deletes it, whatever its kind. Its session is still saved from the stopped
     * container first; when that fails the container is deleted anyway, with a warning.
     */
    public boolean kill(SessionContainer container) {
        String name = container.name();
        progress.info("Killing container " + name + "...");
        ending(container);
        try {
            if (container.isRunningOrFrozen()) {
                incus.stop(name, Duration.ZERO, true);
            }
        } catch (IncusNotFoundException e) {
            progress.info("  ✓ Killed " + name + " (it was removed meanwhile)");
            return true;
        } catch (IncusException e) {
            progress.warn("cannot kill " + name + ": " + e.getMessage());
            return false;
        }
        Optional<SessionContainer> stopped = reread(name);
        stopped.ifPresent(this::checkWorkspace);
        if (stopped.isEmpty()) {
            progress.info("  ✓ Killed " + name + " (its coi shell saved the session and removed the container)");
            return true;
        }
        if (stopped.get().isLabelled() && !finisher.get().save(stopped.get())) {
            progress.warn("the session of " + name + " was not saved (see above); deleting the container anyway, as"
                    + " asked");
        }
        try {
            incus.delete(name);
        } catch (IncusNotFoundException e) {
            // removed meanwhile
        } catch (IncusException e) {
            progress.warn("cannot delete " + name + ": " + e.getMessage());
            return false;
        }
        progress.info("  ✓ Killed " + name);
        return true;
    }

    /**
     * Deletes a stopped container after saving its session; kept when the save failed. One coi did not make
     * has no session and is just deleted. A running container is never touched.
     */
    public boolean removeStopped(SessionContainer container) {
        if (container.isRunningOrFrozen()) {
            progress.warn("not deleting " + container.name() + ": it is "
                    + (container.isFrozen() ? "frozen" : "running"));
            return false;
        }
        progress.info("Deleting container " + container.name() + "...");
        return container.isLabelled() ? saveAndDelete(container, false) : delete(container.name());
    }

    /** The saved sessions of every tool that no container (running or stopped) uses, newest first. */
    public List<SavedSessions.ToolSession> orphanedSessions() {
        return SessionOrphans.among(saved.list(), incus.instances());
    }

    /**
     * Deletes saved sessions, each only if still no container uses it (a {@code coi shell --resume} may have
     * started meanwhile).
     *
     * @return how many were deleted
     */
    public int deleteSessions(List<SavedSessions.ToolSession> sessions) {
        List<SavedSessions.ToolSession> stillOrphaned = SessionOrphans.among(sessions, incus.instances());
        int deleted = 0;
        for (SavedSessions.ToolSession session : sessions) {
            if (!stillOrphaned.contains(session)) {
                progress.warn("not deleting session " + session.id() + ": a container uses it now");
                continue;
            }
            progress.info("Deleting session " + session.id() + "...");
            try {
                saved.store(session.tool()).delete(session.id());
                deleted++;
            } catch (IOException e) {
                progress.warn("cannot delete " + session.session().directory() + ": " + e.getMessage());
            }
        }
        return deleted;
    }

    /**
     * Saves a stopped labelled container and deletes it, through the finisher's reaping, which keeps the
     * container when the save fails. A persistent one is handed over as ephemeral, and its saved metadata gets
     * its persistent mode back afterwards, so that resuming it is persistent again.
     */
    /** @param broughtBack whether its copied workspace came back before it was stopped */
    private boolean saveAndDelete(SessionContainer stopped, boolean broughtBack) {
        SessionContainer asEphemeral = new SessionContainer(stopped.instance(), stopped.sessionId(),
                stopped.workspace(), false, stopped.tool(), stopped.uid(), stopped.home());
        int deleted = broughtBack ? finisher.get().reapBroughtBack(List.of(asEphemeral))
                : finisher.get().reapStopped(List.of(asEphemeral));
        if (stopped.persistent()) {
            restorePersistent(stopped);
        }
        if (deleted == 1) {
            return true;
        }
        if (reread(stopped.name()).isEmpty()) {
            return true;
        }
        progress.warn("kept " + stopped.name() + " (stopped) because its session could not be saved");
        return false;
    }

    private void restorePersistent(SessionContainer container) {
        Optional<SavedSessions.ToolSession> session = savedSessionOf(container);
        Optional<SessionMetadata> metadata = session.flatMap(found -> found.session().metadata());
        if (metadata.isEmpty() || metadata.get().persistent()) {
            return;
        }
        SessionMetadata old = metadata.get();
        try {
            saved.store(session.get().tool()).writeMetadata(new SessionMetadata(old.sessionId(), old.containerName(),
                    true, old.workspace(), old.savedAt(), old.tool(), old.image()));
        } catch (IOException e) {
            progress.warn("cannot mark the saved session " + old.sessionId() + " as persistent: " + e.getMessage());
        }
    }

    /**
     * Asks for a graceful stop within the timeout, then forces it.
     *
     * @return false when the container could not be stopped at all
     */
    private boolean stopGracefully(String name, Duration timeout) {
        progress.info("  Attempting graceful shutdown...");
        try {
            incus.stop(name, timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout, false);
            progress.info("  Graceful shutdown successful");
            return true;
        } catch (IncusNotFoundException e) {
            return true;
        } catch (IncusException e) {
            Optional<Instance> now = incus.instance(name);
            if (now.isEmpty() || now.get().isStopped()) {
                progress.info("  Container stopped during timeout");
                return true;
            }
        }
        progress.info("  Timeout reached, force-killing...");
        try {
            incus.stop(name, Duration.ZERO, true);
            return true;
        } catch (IncusNotFoundException e) {
            return true;
        } catch (IncusException e) {
            progress.warn("cannot stop " + name + ": " + e.getMessage());
            return false;
        }
    }

    private Optional<SessionContainer> reread(String name) {
        return incus.instance(name).map(SessionContainer::of);
    }

    /**
     * The saved session of a container: by the session id on its label, in its tool's folder; for a container
     * without labels, the newest session whose metadata names the container.
     */
    private Optional<SavedSessions.ToolSession> savedSessionOf(SessionContainer container) {
        if (container.isLabelled()) {
            String id = container.sessionId().orElseThrow();
            String tool = container.tool().orElse(ToolSettings.REFERENCE_TOOL);
            if (!SessionStore.isSessionId(id)) {
                return Optional.empty();
            }
            return saved.store(tool).find(id).map(session -> new SavedSessions.ToolSession(tool, session));
        }
        return saved.list().stream()
                .filter(session -> session.session().metadata()
                        .filter(metadata -> metadata.containerName().equals(container.name())).isPresent())
                .findFirst();
    }
}
