package dev.coi.kernel.sessions.launch;

import dev.coi.api.Progress;
import dev.coi.kernel.sessions.TerminalAttach;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Attaches the terminal to a session's tmux. Right after a container (re)started, {@code incus exec} now and then
 * fails before the command runs ("Failed to retrieve PID of executing child process"); a detach exits 0, so an
 * attach that failed while the session runs and nobody stops coi is tried again.
 */
final class TmuxAttach {

    static final int ATTEMPTS = 3;
    static final Duration PAUSE = Duration.ofMillis(300);

    private final Function<TerminalAttach.Request, TerminalAttach.Attached> attach;
    private final BooleanSupplier sessionRuns;
    private final SessionGuard guard;
    private final Progress progress;

    /**
     * @param attach starts the attached child and hands it to the guard
     * @param sessionRuns whether the tmux session still exists
     */
    TmuxAttach(Function<TerminalAttach.Request, TerminalAttach.Attached> attach, BooleanSupplier sessionRuns,
               SessionGuard guard, Progress progress) {
        this.attach = attach;
        this.sessionRuns = sessionRuns;
        this.guard = guard;
        this.progress = progress;
    }

    /** Returns when the terminal came back for good: detached, the session or container ended, or coi is stopped. */
    void run(TerminalAttach.Request request) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            int exitCode = attach.apply(request).waitFor();
            guard.attached(null);
            if (exitCode == 0 || attempt == ATTEMPTS || guard.ending() || !sessionRuns.getAsBoolean()) {
                return;
            }
            progress.warn("the terminal could not be attached to " + request.container() + " (incus exec ended with "
                    + exitCode + "); trying again");
            Thread.sleep(PAUSE.toMillis());
        }
    }
}
