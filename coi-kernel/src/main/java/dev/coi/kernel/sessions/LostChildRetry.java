package dev.coi.kernel.sessions;

import dev.coi.kernel.incus.LostExecChild;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Starts a command through a {@link TerminalAttach} again when Incus lost the process it forked for it
 * ({@link LostExecChild}). A try is only repeated when the caller can tell that repeating it does no harm: that
 * the lost try did not start the command, or that the command may run twice (attaching to tmux). The message of a
 * try that is repeated is not shown; that of the last try is, unless every try was lost, which
 * {@link Retrying#lostEveryTry()} tells the caller to say in its own words.
 */
public final class LostChildRetry {

    /** What Incus says when it could not get the process id of the command it forked. */
    public static final String INCUS_ERROR = LostExecChild.ERROR;
    private static final List<Duration> PAUSES = LostExecChild.PAUSES;
    /** How many tries there are in all. */
    public static final int TRIES = PAUSES.size() + 1;

    private final TerminalAttach attach;

    public LostChildRetry(TerminalAttach attach) {
        this.attach = attach;
    }

    /**
     * Starts the first try.
     *
     * @param request what to run
     * @param repeatable asked after each lost try: whether that try did not start the command (or starting it once
     *                   more does no harm) and the command is still wanted; false when that cannot be told
     * @return the command, tried again while it waits as long as it is lost and repeatable
     * @throws dev.coi.kernel.base.CoiException when it cannot be started
     */
    public Retrying start(TerminalAttach.Request request, BooleanSupplier repeatable) {
        return new Retrying(request, repeatable, attach.start(request));
    }

    /** A command with its tries. */
    public final class Retrying implements TerminalAttach.Attached {

        private final TerminalAttach.Request request;
        private final BooleanSupplier repeatable;
        private final Object lock = new Object();
        private TerminalAttach.Attached current;
        private boolean stopped;
        private volatile boolean lostEveryTry;

        private Retrying(TerminalAttach.Request request, BooleanSupplier repeatable, TerminalAttach.Attached first) {
            this.request = request;
            this.repeatable = repeatable;
            this.current = first;
        }

        /**
         * Waits for the tries until one was not lost, could have started the command, or was the last.
         *
         * @return the exit code of the last try; 1 when every try was lost
         */
        @Override
        public int waitFor() throws InterruptedException {
            for (int tried = 1; ; tried++) {
                TerminalAttach.Attached attached = current();
                TerminalAttach.Ended ended = attached.waitForEnd();
                if (!ended.lostChild()) {
                    return ended.exitCode();
                }
                if (isStopped() || !repeatable.getAsBoolean()) {
                    attached.showLostChildError();
                    return ended.exitCode();
                }
                if (tried == TRIES) {
                    lostEveryTry = true;
                    return 1;
                }
                try {
                    Thread.sleep(PAUSES.get(tried - 1).toMillis());
                } catch (InterruptedException e) {
                    attached.showLostChildError();
                    throw e;
                }
                synchronized (lock) {
                    if (stopped) {
                        attached.showLostChildError();
                        return ended.exitCode();
                    }
                    current = attach.start(request);
                }
            }
        }

        /** Stops the try that runs and starts none after it. */
        @Override
        public void stop() {
            TerminalAttach.Attached attached;
            synchronized (lock) {
                stopped = true;
                attached = current;
            }
            attached.stop();
        }

        /**
         * After {@link #waitFor()}: whether Incus lost every try, each of them repeatable; its message was not
         * shown, the caller says what happened.
         */
        public boolean lostEveryTry() {
            return lostEveryTry;
        }

        private TerminalAttach.Attached current() {
            synchronized (lock) {
                return current;
            }
        }

        private boolean isStopped() {
            synchronized (lock) {
                return stopped;
            }
        }
    }
}
