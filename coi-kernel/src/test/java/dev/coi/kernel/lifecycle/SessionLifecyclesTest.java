package dev.coi.kernel.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ContainerEvent;
import dev.coi.api.NetworkMode;
import dev.coi.api.SessionEnding;
import dev.coi.api.SessionEvent;
import dev.coi.api.SessionLifecycle;
import dev.coi.api.SessionPlan;
import dev.coi.api.ToolRunning;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.sessions.RecordingProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionLifecyclesTest {

    private static final SessionPlan PLAN = new SessionPlan("3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
            Path.of("/home/me/project"), "claude", false, NetworkMode.RESTRICTED);
    private static final SessionEvent IN_CONTAINER = PLAN.in("coi-0a1b2c3d-1");

    private final List<String> calls = new ArrayList<>();
    private final RecordingProgress progress = new RecordingProgress();

    @Test
    void everyPhaseReachesTheKernelsHooksFirstThenThePluginsInTheirOrder() {
        SessionLifecycles lifecycles = new SessionLifecycles(List.of(new Recorder("kernel-a"), new Recorder("kernel-b")),
                () -> List.of(new Recorder("plugin-a"), new Recorder("plugin-b")), progress);

        lifecycles.planned(PLAN);
        lifecycles.containerCreated(IN_CONTAINER);
        lifecycles.beforeStart(IN_CONTAINER);
        lifecycles.started(IN_CONTAINER);
        lifecycles.toolRunning(new ToolRunning(IN_CONTAINER, false));
        lifecycles.ending(new SessionEnding("coi-0a1b2c3d-1", Optional.of(PLAN.sessionId()),
                Optional.of(PLAN.workspace()), Optional.of("claude"), false));
        lifecycles.stopped("coi-0a1b2c3d-1");
        lifecycles.deleted("coi-0a1b2c3d-1");

        List<String> expected = new ArrayList<>();
        for (String phase : List.of("planned", "containerCreated", "beforeStart", "started", "toolRunning", "ending",
                "stopped", "deleted")) {
            for (String hook : List.of("kernel-a", "kernel-b", "plugin-a", "plugin-b")) {
                expected.add(hook + " " + phase);
            }
        }
        assertEquals(expected, calls);
        assertEquals(List.of(), progress.warnings);
    }

    @Test
    void aPluginHookThatFailsWhileTheSessionEndsIsAWarningAndTheOthersStillRun() {
        SessionLifecycles lifecycles = new SessionLifecycles(List.of(new Recorder("kernel")),
                () -> List.of(new Failing("monitor"), new Recorder("plugin")), progress);

        lifecycles.ending(new SessionEnding("coi-0a1b2c3d-1", Optional.empty(), Optional.empty(), Optional.empty(),
                true));
        lifecycles.stopped("coi-0a1b2c3d-1");
        lifecycles.deleted("coi-0a1b2c3d-1");

        assertEquals(List.of("kernel ending", "plugin ending", "kernel stopped", "plugin stopped", "kernel deleted",
                "plugin deleted"), calls);
        assertEquals(List.of(
                "the session lifecycle extension 'monitor' failed while the session in coi-0a1b2c3d-1 was ending:"
                        + " monitor cannot reach its server",
                "the session lifecycle extension 'monitor' failed after coi-0a1b2c3d-1 was stopped: monitor cannot"
                        + " reach its server",
                "the session lifecycle extension 'monitor' failed after coi-0a1b2c3d-1 was deleted: monitor cannot"
                        + " reach its server"), progress.warnings);
    }

    @Test
    void aKernelHookThatFailsAfterADeleteKeepsNoPluginFromItsDelete() {
        SessionLifecycles lifecycles = new SessionLifecycles(List.of(new Failing("deadlines"), new Recorder("kernel")),
                () -> List.of(new Recorder("plugin")), progress);

        lifecycles.deleted("coi-0a1b2c3d-1");

        assertEquals(List.of("kernel deleted", "plugin deleted"), calls);
        assertEquals(1, progress.warnings.size(), progress.warnings::toString);
    }

    @Test
    void aPluginHookThatFailsWhenTheSessionIsPlannedStopsTheStartAndSaysWhoAndWhy() {
        SessionLifecycles lifecycles = new SessionLifecycles(List.of(new Recorder("kernel")),
                () -> List.of(new Failing("monitor"), new Recorder("plugin")), progress);

        CoiException refused = assertThrows(CoiException.class, () -> lifecycles.planned(PLAN));

        assertEquals("the session lifecycle extension 'monitor' failed at the phase 'planned' of session "
                + PLAN.sessionId() + ", so the session did not start: monitor cannot reach its server; fix or remove"
                + " the plugin that brings it ('coi plugin list')", refused.getMessage());
        assertEquals(1, refused.exitCode());
        assertEquals(List.of("kernel planned"), calls, "the hooks after the failing one do not run");
    }

    @Test
    void theKernelsOwnFailureWhileTheSessionStartsIsItsErrorAsItIs() {
        CoiException deadline = CoiException.failure("cannot record the deadline of coi-0a1b2c3d-1");
        SessionLifecycle kernel = new SessionLifecycle() {
            @Override
            public String name() {
                return "deadlines";
            }

            @Override
            public void toolRunning(ToolRunning tool) {
                throw deadline;
            }
        };
        SessionLifecycles lifecycles = new SessionLifecycles(List.of(kernel), () -> List.of(new Recorder("plugin")),
                progress);

        assertSame(deadline, assertThrows(CoiException.class,
                () -> lifecycles.toolRunning(new ToolRunning(IN_CONTAINER, true))));
        assertEquals(List.of(), calls);
    }

    @Test
    void thePluginsAreAskedForWhenAPhaseFirstFiresAndOnlyOnce() {
        AtomicInteger asked = new AtomicInteger();
        SessionLifecycles lifecycles = new SessionLifecycles(List.of(), () -> {
            asked.incrementAndGet();
            return List.of(new Recorder("plugin"));
        }, progress);
        assertEquals(0, asked.get(), "a command that ends no session loads no plugin for it");

        lifecycles.stopped("coi-0a1b2c3d-1");
        lifecycles.deleted("coi-0a1b2c3d-1");

        assertEquals(1, asked.get());
        assertTrue(calls.contains("plugin deleted"), calls::toString);
    }

    /** Records each phase it sees. */
    private final class Recorder implements SessionLifecycle {

        private final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void planned(SessionPlan session) {
            calls.add(name + " planned");
        }

        @Override
        public void containerCreated(SessionEvent session) {
            calls.add(name + " containerCreated");
        }

        @Override
        public void beforeStart(SessionEvent session) {
            calls.add(name + " beforeStart");
        }

        @Override
        public void started(SessionEvent session) {
            calls.add(name + " started");
        }

        @Override
        public void toolRunning(ToolRunning tool) {
            calls.add(name + " toolRunning");
        }

        @Override
        public void ending(SessionEnding session) {
            calls.add(name + " ending");
        }

        @Override
        public void stopped(ContainerEvent container) {
            calls.add(name + " stopped");
        }

        @Override
        public void deleted(ContainerEvent container) {
            calls.add(name + " deleted");
        }
    }

    /** Fails in every phase, as a plugin whose server is out of reach. */
    private static final class Failing implements SessionLifecycle {

        private final String name;

        Failing(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void planned(SessionPlan session) {
            throw failure();
        }

        @Override
        public void ending(SessionEnding session) {
            throw failure();
        }

        @Override
        public void stopped(ContainerEvent container) {
            throw failure();
        }

        @Override
        public void deleted(ContainerEvent container) {
            throw failure();
        }

        private static IllegalStateException failure() {
            return new IllegalStateException("monitor cannot reach its server");
        }
    }
}
