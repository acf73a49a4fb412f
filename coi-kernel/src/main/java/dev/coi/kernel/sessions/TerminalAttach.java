package dev.coi.kernel.sessions;

import dev.coi.api.ExecOptions;
import java.util.List;
import java.util.Objects;

/**
 * Runs a command in a container as a child process that owns coi's terminal: keys go to the container, the
 * screen shows what the command draws, and the child ends when the command ends (or the user detaches from
 * tmux). Behind an interface so that a WebSocket attach can replace the child process later.
 */
public interface TerminalAttach {

    /**
     * What to run.
     *
     * @param container the running container
     * @param command the program and its arguments; no shell is involved
     * @param options user, group, working directory and the complete environment of the command
     * @param terminal whether the command gets a terminal ({@code -t}); without one ({@code -T}) its output is a
     *                 plain stream, as scripts and pipes want it
     */
    record Request(String container, List<String> command, ExecOptions options, boolean terminal) {

        public Request {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(options, "options");
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("the command is empty");
            }
        }
    }

    /** A started command. */
    interface Attached {

        /**
         * Waits until the command ends (or, for {@code tmux attach}, until the user detaches).
         *
         * @return its exit code
         * @throws InterruptedException when interrupted while waiting; the command keeps running
         */
        int waitFor() throws InterruptedException;

        /** Ends the child at once, for example when coi itself is stopped; nothing happens when it has ended. */
        void stop();

        /**
         * Waits as {@link #waitFor()} does, but keeps back Incus's message that it lost the process it forked
         * before the command ran ({@value LostChildRetry#INCUS_ERROR}), for a caller who may start the command
         * again: it shows that message with {@link #showLostChildError()} when it does not.
         *
         * @return the exit code, and whether the child failed with that message as its last line
         * @throws InterruptedException when interrupted while waiting; the command keeps running
         */
        default Ended waitForEnd() throws InterruptedException {
            return new Ended(waitFor(), false);
        }

        /** Shows the message {@link #waitForEnd()} kept back, if any. */
        default void showLostChildError() {
        }
    }

    /**
     * How a child ended.
     *
     * @param exitCode its exit code
     * @param lostChild whether it failed because Incus lost the process it forked; nothing then says whether the
     *                  command ran, only that Incus could not follow it
     */
    record Ended(int exitCode, boolean lostChild) {
    }

    /**
     * Starts the command.
     *
     * @param request what to run
     * @return the running command
     * @throws dev.coi.kernel.base.CoiException when it cannot be started
     */
    Attached start(Request request);

    /**
     * Starts the command and waits until it ends; when the wait is interrupted, the child is stopped.
     *
     * @param request what to run
     * @return its exit code
     * @throws InterruptedException when interrupted
     */
    default int run(Request request) throws InterruptedException {
        Attached attached = start(request);
        try {
            return attached.waitFor();
        } catch (InterruptedException e) {
            attached.stop();
            throw e;
        }
    }
}
