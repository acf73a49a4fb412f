package dev.coi.kernel.sessions;

import dev.coi.api.Progress;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides what a terminal coming back from a session means, and saves or ends the session accordingly: a
 * detach (tmux still runs in the running container) saves it and leaves it running; a tool that ended, or a
 * container powered off from inside, ends it (saved; deleted unless persistent).
 *
 * <p>A poweroff kills the attached tmux client while the container is still shutting down, so that for a
 * moment it looks like a detach. The client then fails (a detach ends it with 0), and only then this waits,
 * within a deadline, for the shutdown to show.
 */
public final class AttachReturn {

    /** How long a shutdown that killed the terminal may take to show. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(200);

    /** What happened to the session. */
    public enum Outcome { DETACHED, ENDED, GONE }

    private final IncusClient incus;
    private final SessionFinisher finisher;
    private final Progress progress;
    private final Duration stopTimeout;

    public AttachReturn(IncusClient incus, SessionFinisher finisher, Progress progress, Duration stopTimeout) {
        this.incus = incus;
        this.finisher = finisher;
        this.progress = progress;
        this.stopTimeout = stopTimeout;
    }

    /**
     * @param name the session container
     * @param exitCode the exit code of the attached command
     * @param sessionGoesOn whether the session still runs apart from the terminal (its tmux session exists);
     *                      always true for a shell attached beside the session
     */
    public Outcome settle(String name, int exitCode, BooleanSupplier sessionGoesOn) throws InterruptedException {
        if (exitCode != 0) {
            awaitShutdown(name, sessionGoesOn);
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

    private void awaitShutdown(String name, BooleanSupplier sessionGoesOn) throws InterruptedException {
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Instance> now = instance(name);
            if (now.isEmpty() || !now.get().isRunning() || !sessionGoesOn.getAsBoolean()) {
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
