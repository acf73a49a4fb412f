package dev.coi.kernel.sessions.launch;

import dev.coi.api.Progress;
import dev.coi.kernel.sessions.LostChildRetry;
import dev.coi.kernel.sessions.TerminalAttach;
import java.util.function.BooleanSupplier;

/**
 * Attaches the terminal to a session's tmux. Right after a container (re)started, or on a busy host, Incus now and
 * then loses the {@code incus exec} it forked ({@value LostChildRetry#INCUS_ERROR}); attaching once more does no
 * harm, so such an attach is tried again, without the message, while the session runs and nobody stops coi.
 */
final class TmuxAttach {

    private final TerminalAttach attach;
    private final BooleanSupplier sessionRuns;
    private final SessionGuard guard;
    private final Progress progress;

    /**
     * @param attach starts the attached child
     * @param sessionRuns whether the tmux session still exists
     */
    TmuxAttach(TerminalAttach attach, BooleanSupplier sessionRuns, SessionGuard guard, Progress progress) {
        this.attach = attach;
        this.sessionRuns = sessionRuns;
        this.guard = guard;
        this.progress = progress;
    }

    /** Returns when the terminal came back for good: detached, the session or container ended, or coi is stopped. */
    void run(TerminalAttach.Request request) throws InterruptedException {
        LostChildRetry.Retrying attached = new LostChildRetry(attach).start(request,
                () -> !guard.ending() && sessionRuns.getAsBoolean());
        guard.attached(attached);
        attached.waitFor();
        guard.attached(null);
        if (attached.lostEveryTry()) {
            progress.warn(lostEveryTry(request.container()));
        }
    }

    /** What coi says when Incus lost every attach; the session itself goes on. */
    static String lostEveryTry(String container) {
        return "the terminal could not be attached to " + container + ": Incus lost the process it started for it, "
                + LostChildRetry.TRIES + " times in a row (\"" + LostChildRetry.INCUS_ERROR + "\"), which happens when"
                + " the host is very busy. The session goes on; try again with 'coi attach " + container + "'";
    }
}
