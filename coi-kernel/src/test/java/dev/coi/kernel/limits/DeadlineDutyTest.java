package dev.coi.kernel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Progress;
import dev.coi.kernel.SettableClock;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keeper's deadline duty against containers and a clock of the test's own. */
class DeadlineDutyTest {

    static final Instant START = Instant.parse("2026-11-27T06:00:00Z");

    @TempDir
    Path coiHome;

    final SettableClock clock = new SettableClock(START);
    final FakeContainers containers = new FakeContainers();
    final List<String> log = new ArrayList<>();
    DeadlineRecords records;
    DeadlineDuty duty;

    @BeforeEach
    void setUp() {
        records = new DeadlineRecords(coiHome);
        duty = new DeadlineDuty(records, containers, new Progress() {
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
        }, clock);
    }

    private void record(String container, String session, Duration duration, boolean autoStop, boolean graceful) {
        records.save(new DeadlineRecord(container, session, START.toString(), START.plus(duration).toString(), "30m",
                autoStop, graceful, false));
    }

    @Test
    void nothingHappensBeforeTheDeadline() {
        containers.run("c1", "s1");
        record("c1", "s1", Duration.ofMinutes(30), true, true);
        clock.now = START.plus(Duration.ofMinutes(29));

        duty.tick();

        assertTrue(duty.hasWork());
        assertEquals(List.of(), containers.actions);
    }

    @Test
    void atTheDeadlineTheContainerIsStoppedGracefullyAndItsSessionEnded() {
        containers.run("c1", "s1");
        record("c1", "s1", Duration.ofMinutes(30), true, true);
        clock.now = START.plus(Duration.ofMinutes(30));

        duty.tick();

        assertEquals(List.of("stop c1 graceful", "end c1"), containers.actions);
        assertFalse(duty.hasWork(), "the deadline is done with");
        assertTrue(log.stream().anyMatch(line -> line.contains("c1: max_duration 30m reached")), log::toString);
    }

    @Test
    void stopGracefulFalseForcesAtOnce() {
        containers.run("c1", "s1");
        record("c1", "s1", Duration.ofMinutes(30), true, false);
        clock.now = START.plus(Duration.ofHours(1));

        duty.tick();

        assertEquals(List.of("stop c1 forced", "end c1"), containers.actions);
    }

    @Test
    void autoStopFalseOnlyWarnsOnceAndKeepsWatching() {
        containers.run("c1", "s1");
        record("c1", "s1", Duration.ofMinutes(30), false, true);
        clock.now = START.plus(Duration.ofMinutes(31));

        duty.tick();
        duty.tick();

        assertEquals(List.of(), containers.actions);
        assertEquals(1, log.stream().filter(line -> line.startsWith("warning: ") && line.contains("keeps running"))
                .count(), log::toString);
        assertTrue(duty.hasWork(), "the record stays until the session ends");

        containers.instances.remove("c1");
        duty.tick();

        assertFalse(duty.hasWork());
    }

    @Test
    void aSessionThatEndedOtherwiseLosesItsDeadlineAndANewSessionInTheSameNameIsLeftAlone() {
        record("gone", "s1", Duration.ofMinutes(30), true, true);
        containers.stopped("stopped", "s2");
        record("stopped", "s2", Duration.ofMinutes(30), true, true);
        containers.run("reused", "another");
        record("reused", "s3", Duration.ofMinutes(30), true, true);
        clock.now = START.plus(Duration.ofHours(2));

        duty.tick();

        assertEquals(List.of(), containers.actions);
        assertFalse(duty.hasWork());
        assertFalse(records.has("gone"));
    }

    @Test
    void aContainerStoppedMeanwhileBySomeoneElseIsNotEndedTwice() {
        containers.run("c1", "s1");
        containers.endedByOthersOnStop = true;
        record("c1", "s1", Duration.ofMinutes(30), true, true);
        clock.now = START.plus(Duration.ofMinutes(30));

        duty.tick();

        assertEquals(List.of("stop c1 graceful"), containers.actions);
        assertFalse(duty.hasWork());
    }

    @Test
    void aFailureIsLoggedAndTheDeadlineStaysForTheNextTick() {
        containers.run("c1", "s1");
        containers.failStop = true;
        record("c1", "s1", Duration.ofMinutes(30), true, true);
        clock.now = START.plus(Duration.ofMinutes(30));

        duty.tick();

        assertTrue(duty.hasWork());
        assertTrue(log.stream().anyMatch(line -> line.startsWith("warning: ") && line.contains("refused")), log::toString);
    }

    static final class FakeContainers implements DeadlineDuty.Containers {
        final Map<String, Instance> instances = new HashMap<>();
        final List<String> actions = new ArrayList<>();
        boolean endedByOthersOnStop;
        boolean failStop;

        void run(String name, String session) {
            instances.put(name, instance(name, session, "Running"));
        }

        void stopped(String name, String session) {
            instances.put(name, instance(name, session, "Stopped"));
        }

        static Instance instance(String name, String session, String status) {
            return new Instance(name, "container", status, false, Map.of(SessionLabels.SESSION_ID, session), Map.of(),
                    Map.of(), Map.of(), List.of(), Instant.EPOCH, null, null);
        }

        @Override
        public Optional<Instance> instance(String name) {
            return Optional.ofNullable(instances.get(name));
        }

        @Override
        public void stop(String name, boolean graceful) {
            if (failStop) {
                throw new IllegalStateException("Incus refused");
            }
            actions.add("stop " + name + (graceful ? " graceful" : " forced"));
            if (endedByOthersOnStop) {
                instances.remove(name);
            } else {
                stopped(name, instances.get(name).config().get(SessionLabels.SESSION_ID));
            }
        }

        @Override
        public void end(Instance stopped) {
            actions.add("end " + stopped.name());
            instances.remove(stopped.name());
        }
    }
}
