package dev.coi.kernel.sessions;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.api.Progress;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides what a terminal coming back from a session means, and saves or ends the session accordingly: a
 * detach (tmux still runs in the running container) saves it and leaves it running; a tool that ended, or a
 * container powered off from inside, ends it (saved; deleted unless persistent).
 *
 * <p>A poweroff ends the attached tmux client while the container is still shutting down, so that for a
 * moment it looks like a detach, or like a tool that ended, and the client's exit code is the same. So systemd
 * is asked: while it is stopping, this waits, within a deadline, for the container to stop, so that the session
 * is saved with what the tool wrote while shutting down.
 */
public final class AttachReturn {

    /** How long a shutdown that killed the terminal may take to show. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(5);

    /** What happened to the session. */
    public enum Outcome { DETACHED, ENDED, GONE }

    private final ContainerRuntime incus;
    private final SessionFinisher finisher;
    private final Progress progress;
    private final Duration stopTimeout;

    public AttachReturn(ContainerRuntime incus, SessionFinisher finisher, Progress progress, Duration stopTimeout) {
        this.incus = incus;
        this.finisher = finisher;
        this.progress = progress;
        this.stopTimeout = stopTimeout;
    }

    /**
     * @param name the session container
     * @param sessionGoesOn whether the session still runs apart from the terminal (its tmux session exists);
     *                      always true for a shell attached beside the session
     */
    public Outcome settle(String name, BooleanSupplier sessionGoesOn) throws InterruptedException {
        if (shuttingDown(name)) {
            awaitStop(name);
        }
        Optional<Instance> now = instance(name);
        if (now.isEmpty()) {
            progress.info("Container " + name + " is gone");
            return Outcome.GONE;
        }
        SessionContainer container = SessionContainer.of(now.get());
        if (container.isRunning() && sessionGoesOn.getAsBoolean()) {
            finisher.save(container);
            return Outcome.DETACHED;
        }
        progress.step("Ending session " + container.sessionId().orElse(name) + "...");
        finisher.end(container, stopTimeout);
        return Outcome.ENDED;
    }

    private boolean shuttingDown(String name) {
        try {
            CommandResult state = incus.exec(name, List.of("systemctl", "is-system-running"), ExecOptions.asRoot(),
                    STATE_TIMEOUT);
            return state.stdout().strip().equals("stopping");
        } catch (IncusException e) {
            // nothing can be started in it any more: it is on its way down
            return true;
        }
    }

    /** The tmux session dies early in a shutdown, so only the stopped container tells that it is over. */
    private void awaitStop(String name) throws InterruptedException {
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Instance> now = instance(name);
            if (now.isEmpty() || now.get().isStopped()) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private Optional<Instance> instance(String name) {
        try {
            return incus.instance(name);
        } catch (IncusException e) {
            return Optional.empty();
        }
    }
}
