package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.sessions.TerminalAttach;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionGuardTest {

    private final List<String> events = new ArrayList<>();

    private final TerminalAttach.Attached child = new TerminalAttach.Attached() {
        @Override
        public int waitFor() {
            return 0;
        }

        @Override
        public void stop() {
            events.add("child stopped");
        }
    };

    @Test
    void aSignalStopsTheAttachedChildAndThenEndsTheSessionOnce() {
        try (SessionGuard guard = new SessionGuard(() -> events.add("ended by signal"))) {
            guard.attached(child);

            guard.onShutdown();

            assertFalse(guard.end(() -> events.add("ended by coi")), "the session was ended already");
        }
        assertEquals(List.of("child stopped", "ended by signal"), events);
    }

    @Test
    void coiComingBackFromTheStoppedChildDoesNotTakeTheSignalForADetach() {
        try (SessionGuard guard = new SessionGuard(() -> events.add("ended by signal"))) {
            guard.attached(new TerminalAttach.Attached() {
                @Override
                public int waitFor() {
                    return 0;
                }

                @Override
                public void stop() {
                    events.add("child stopped");
                    // coi's own flow, woken by the stopped child, races to its "terminal came back" step
                    guard.end(() -> events.add("saved as a detach"));
                }
            });

            guard.onShutdown();
        }
        assertEquals(List.of("child stopped", "ended by signal"), events);
    }

    @Test
    void afterCoiEndedTheSessionASignalDoesNothingMore() {
        try (SessionGuard guard = new SessionGuard(() -> events.add("ended by signal"))) {
            assertTrue(guard.end(() -> events.add("ended by coi")));

            guard.onShutdown();
        }
        assertEquals(List.of("ended by coi"), events);
    }

    @Test
    void aReleasedSessionIsLeftAlone() {
        try (SessionGuard guard = new SessionGuard(() -> events.add("ended by signal"))) {
            guard.release();
            guard.onShutdown();
        }
        assertEquals(List.of(), events);
    }

    @Test
    void aSignalDuringTheCreateRequestWaitsForIt() throws Exception {
        CountDownLatch inCreate = new CountDownLatch(1);
        CountDownLatch finishCreate = new CountDownLatch(1);
        try (SessionGuard guard = new SessionGuard(() -> events.add("ended by signal"))) {
            Thread creator = Thread.ofPlatform().start(() -> guard.creating(() -> {
                inCreate.countDown();
                await(finishCreate);
                synchronized (events) {
                    events.add("created");
                }
                return null;
            }));
            assertTrue(inCreate.await(10, TimeUnit.SECONDS));
            Thread signal = Thread.ofPlatform().start(guard::onShutdown);
            signal.join(200);
            assertTrue(signal.isAlive(), "the hook waits while the create request runs");

            finishCreate.countDown();
            signal.join(10_000);
            creator.join(10_000);
        }
        assertEquals(List.of("created", "ended by signal"), events);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
