package dev.coi.kernel.sessions.launch;

import dev.coi.kernel.sessions.TerminalAttach;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Ends a session exactly once, whoever comes first: coi's own flow when the session is over, or a JVM shutdown
 * hook when coi is stopped by Ctrl-C or SIGTERM while the container exists. The hook stops an attached child
 * first, so that the terminal is given back, and waits for an ending already under way so that the JVM does
 * not halt in the middle of saving.
 */
public final class SessionGuard implements AutoCloseable {

    /** How long the hook waits for an ending that coi's own flow has begun. */
    private static final Duration WAIT_FOR_ENDING = Duration.ofMinutes(2);

    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Runnable ending;
    private final Thread hook;
    private volatile TerminalAttach.Attached child;
    private volatile CountDownLatch creating;

    /**
     * Registers the shutdown hook.
     *
     * @param ending what ends the session when coi is stopped (save, stop, delete)
     */
    public SessionGuard(Runnable ending) {
        this.ending = ending;
        this.hook = new Thread(this::onShutdown, "coi-session-guard");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Runs the create request(s) of the container. A signal meanwhile makes the hook wait until they returned, so
     * that it finds the container Incus is still making instead of leaving it behind.
     */
    public <T> T creating(Supplier<T> create) {
        CountDownLatch done = new CountDownLatch(1);
        creating = done;
        try {
            return create.get();
        } finally {
            done.countDown();
        }
    }

    /** The child attached to the container now, which the hook stops first. */
    public void attached(TerminalAttach.Attached attached) {
        this.child = attached;
    }

    /**
     * Ends the session now with the given action, unless the hook has begun ending it.
     *
     * @return whether this call ended it
     */
    public boolean end(Runnable action) {
        if (!claimed.compareAndSet(false, true)) {
            return false;
        }
        try {
            action.run();
        } finally {
            ended.countDown();
        }
        return true;
    }

    /** Whether the session's ending has begun, by coi's own flow or by the hook. */
    public boolean ending() {
        return claimed.get();
    }

    /** Leaves the container as it is (the session continues without coi, or there is nothing to end). */
    public void release() {
        end(() -> { });
    }

    /** Removes the hook; the session must have been ended or released. */
    @Override
    public void close() {
        release();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook has run or runs now, and finds the session ended
        }
    }

    /**
     * What the hook does; package-private so that tests can play the signal. It claims the ending before it stops
     * the child: the stopped child returns coi's own flow to its "terminal came back" step at once, which would
     * otherwise take it for a detach and leave the container running after coi has gone.
     */
    void onShutdown() {
        boolean ours = claimed.compareAndSet(false, true);
        TerminalAttach.Attached attachedNow = child;
        if (attachedNow != null) {
            attachedNow.stop();
        }
        if (!ours) {
            await(ended);
            return;
        }
        CountDownLatch createDone = creating;
        if (createDone != null) {
            await(createDone);
        }
        try {
            ending.run();
        } finally {
            ended.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_FOR_ENDING.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
