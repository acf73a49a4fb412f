package dev.coi.kernel.keeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Progress;
import dev.coi.kernel.base.ProcessLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeeperTest {

    @TempDir
    Path root;

    final List<String> log = new ArrayList<>();
    final Progress progress = new Progress() {
        @Override
        public void step(String message) {
            log.add(message);
        }

        @Override
        public void info(String message) {
            log.add(message);
        }

        @Override
        public void warn(String message) {
            log.add("warning: " + message);
        }
    };

    /** Has work for a number of ticks; the second one of a keeper fails once. */
    static class CountingDuty implements KeeperDuty {
        int left;
        int ticks;
        int abandoned;
        boolean failFirst;

        CountingDuty(int left) {
            this.left = left;
        }

        @Override
        public boolean hasWork() {
            return left > 0;
        }

        @Override
        public void tick() {
            ticks++;
            left--;
            if (failFirst && ticks == 1) {
                throw new IllegalStateException("first tick failed");
            }
        }

        @Override
        public void abandoned() {
            abandoned++;
        }
    }

    @Test
    void everyDutyTicksUntilNoneHasWorkAndAFailureOfOneStopsNeither() throws Exception {
        Path coiHome = Files.createDirectories(root.resolve(".coi"));
        CountingDuty network = new CountingDuty(1);
        network.failFirst = true;
        CountingDuty deadlines = new CountingDuty(2);

        new Keeper(coiHome, List.of(network, deadlines), progress, Clock.systemUTC(), Duration.ZERO).run();

        assertEquals(2, network.ticks, "it ticks with the others while any duty has work");
        assertEquals(2, deadlines.ticks);
        assertTrue(log.stream().anyMatch(line -> line.contains("first tick failed")), log::toString);
        assertTrue(log.getLast().contains("keeper done: nothing to look after"), log::toString);
    }

    @Test
    void aKeeperWithoutWorkWaitsItsLingerAndDoesWhatComesMeanwhile() throws Exception {
        Path coiHome = Files.createDirectories(root.resolve(".coi"));
        CountingDuty duty = new CountingDuty(0) {
            private int looks;

            @Override
            public boolean hasWork() {
                if (++looks == 2) {
                    left = 1; // a session recorded work while the keeper waited
                }
                return super.hasWork();
            }
        };

        new Keeper(coiHome, List.of(duty), progress, Clock.systemUTC(), Duration.ofSeconds(1)).run();

        assertEquals(1, duty.ticks, "the work that came while it waited was done: " + log);
        assertTrue(log.getLast().contains("keeper done: nothing to look after for 1 s"), log::toString);
    }

    @Test
    void onlyOneKeeperRunsPerHome() throws Exception {
        Path coiHome = Files.createDirectories(root.resolve(".coi"));
        try (ProcessLock held = ProcessLock.tryAcquire(Keeper.lockFile(coiHome)).orElseThrow()) {
            CountingDuty duty = new CountingDuty(5);

            new Keeper(coiHome, List.of(duty), progress, Clock.systemUTC(), Duration.ZERO).run();

            assertEquals(0, duty.ticks);
            assertTrue(ProcessLock.isHeld(Keeper.lockFile(coiHome)));
        }
    }

    @Test
    void aDeletedCoiFolderEndsTheKeeperAfterTheDutiesCleanedUp() throws Exception {
        Path coiHome = Files.createDirectories(root.resolve(".coi"));
        CountingDuty duty = new CountingDuty(Integer.MAX_VALUE) {
            @Override
            public void tick() {
                super.tick();
                try {
                    Files.delete(Keeper.lockFile(coiHome));
                    Files.delete(coiHome);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };

        new Keeper(coiHome, List.of(duty), progress, Clock.systemUTC(), Duration.ZERO).run();

        assertEquals(1, duty.abandoned);
        assertTrue(log.getLast().contains("was removed"), log::toString);
    }
}
