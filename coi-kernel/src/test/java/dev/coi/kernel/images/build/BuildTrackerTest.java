package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The interrupt path without Incus: nothing registered, so the tracker never calls it. */
class BuildTrackerTest {

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Progress progress = new Progress() {
        @Override
        public void step(String message) {
        }

        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }
    };

    @Test
    void anInterruptReachesTheInterruptibleThreadAndEndsTheBuildAtTheNextStep() throws InterruptedException {
        BuildTracker tracker = new BuildTracker(null, progress);
        Thread worker = Thread.ofVirtual().unstarted(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // what a builder of this host does on an interrupt: stop
            }
        });
        worker.start();
        tracker.interruptible(worker);
        tracker.finished();

        tracker.interrupt();

        worker.join(5_000);
        assertFalse(worker.isAlive(), "the worker was interrupted");
        assertEquals(List.of("interrupted: removing the build container and any unfinished image"), warnings);
        CoiException stop = assertThrows(CoiException.class, tracker::stopIfInterrupted);
        assertEquals(ExitCodes.INTERRUPTED, stop.exitCode());
    }

    @Test
    void anUninterruptibleThreadIsLeftAlone() {
        BuildTracker tracker = new BuildTracker(null, progress);
        tracker.interruptible(Thread.currentThread());
        tracker.uninterruptible();
        tracker.finished();

        tracker.interrupt();

        assertFalse(Thread.interrupted(), "this thread was not interrupted");
        assertTrue(tracker.interrupted());
    }
}
