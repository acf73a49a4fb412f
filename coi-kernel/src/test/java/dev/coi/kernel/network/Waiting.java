package dev.coi.kernel.network;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling with a deadline, for what the network tests wait on (rules to appear or go, containers to end). */
final class Waiting {

    private static final Duration POLL = Duration.ofMillis(200);

    private Waiting() {
    }

    /** Polls until the condition holds; fails with the description's last state when the time is up. */
    static void until(Duration timeout, Supplier<Boolean> condition, Supplier<String> description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + description.get());
            }
            pause();
        }
    }

    static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
