package dev.coi.kernel.sessions.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.SessionEnding;
import dev.coi.api.SessionLifecycle;
import dev.coi.kernel.incus.FakeRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.lifecycle.SessionLifecycles;
import dev.coi.kernel.sessions.RecordingProgress;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionFinisher;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.StatelessTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionControlTest {

    private static final String NAME = "coi-0123abcd-1";
    private static final String SESSION = "4c1f0e7a-2b3d-4e5f-8a9b-0c1d2e3f4a5b";

    @TempDir
    Path root;

    private final FakeRuntime runtime = new FakeRuntime();
    private final RecordingProgress progress = new RecordingProgress();
    /** What the lifecycle hooks heard, each with the container calls made before it. */
    private final List<String> endings = new ArrayList<>();
    private List<SessionLifecycle> plugins = List.of(new EndingRecorder("plugin"));
    private Path coiHome;
    private Path workspace;
    private SessionControl control;
    private SessionStore store;

    @BeforeEach
    void setUp() throws Exception {
        coiHome = Files.createDirectories(root.resolve("home/.coi"));
        workspace = Files.createDirectories(root.resolve("workspace"));
        SessionFinisher finisher = new SessionFinisher(runtime, StatelessTool.registry(), coiHome, root.resolve("home"),
                progress);
        SessionLifecycles lifecycles = new SessionLifecycles(List.of(new EndingRecorder("kernel")), () -> plugins,
                progress);
        control = new SessionControl(runtime, () -> finisher, new SavedSessions(coiHome), progress, lifecycles);
        store = new SessionStore(coiHome, StatelessTool.NAME);
    }

    private SessionContainer container(String status, boolean persistent, String tool) {
        runtime.with(NAME, status, Map.of("user.coi.session", SESSION, "user.coi.workspace", workspace.toString(),
                "user.coi.persistent", Boolean.toString(persistent), "user.coi.tool", tool));
        return SessionContainer.of(runtime.get(NAME));
    }

    private SessionContainer container(String status, boolean persistent) {
        return container(status, persistent, StatelessTool.NAME);
    }

    private void saved(boolean persistent) throws Exception {
        store.writeMetadata(new SessionMetadata(SESSION, NAME, persistent, workspace.toString(), SessionMetadata.now(),
                StatelessTool.NAME, "coi"));
    }

    private boolean savedAsPersistent() {
        return store.find(SESSION).orElseThrow().metadata().orElseThrow().persistent();
    }

    @Test
    void persistLabelsTheContainerAndItsSavedSession() throws Exception {
        SessionContainer running = container("Running", false);
        saved(false);

        assertTrue(control.persist(running));

        assertEquals(List.of("update " + NAME + " {user.coi.persistent=true} {}"), runtime.calls());
        assertTrue(SessionContainer.of(runtime.get(NAME)).persistent());
        assertTrue(savedAsPersistent());
    }

    @Test
    void persistOfAContainerIncusCannotChangeFailsWithAWarning() {
        SessionContainer gone = container("Running", false);
        runtime.deleteForcibly(NAME);

        assertFalse(control.persist(gone));

        assertEquals(1, progress.warnings.size());
        assertTrue(progress.warnings.getFirst().startsWith("cannot mark " + NAME + " as persistent"));
    }

    @Test
    void shutdownStopsGracefullySavesAndDeletes() {
        SessionContainer running = container("Running", false);

        assertTrue(control.shutdown(running, Duration.ofSeconds(5)));

        assertEquals(List.of("stop " + NAME, "delete " + NAME), runtime.calls());
        assertTrue(runtime.names().isEmpty());
        assertTrue(store.find(SESSION).flatMap(session -> session.metadata()).isPresent());
        assertTrue(progress.infos.contains("  ✓ Shutdown " + NAME));
    }

    @Test
    void shutdownForcesAStopThatDidNotWorkGracefully() {
        SessionContainer running = container("Running", false);
        runtime.failingGracefulStop(NAME, new IncusException("Incus could not stop instance " + NAME
                + ": timed out", 400, "timed out", null));

        assertTrue(control.shutdown(running, Duration.ofSeconds(5)));

        assertEquals(List.of("stop " + NAME, "stop " + NAME + " force", "delete " + NAME), runtime.calls());
        assertTrue(runtime.names().isEmpty());
    }

    @Test
    void shutdownDeletesAPersistentContainerTooAndItsSavedSessionStaysPersistent() throws Exception {
        SessionContainer running = container("Running", true);
        saved(true);

        assertTrue(control.shutdown(running, Duration.ofSeconds(5)));

        assertTrue(runtime.names().isEmpty());
        assertTrue(savedAsPersistent());
    }

    @Test
    void shutdownKeepsTheStoppedContainerWhenItsSessionCannotBeSaved() {
        SessionContainer running = container("Running", false, "no-such-tool");

        assertFalse(control.shutdown(running, Duration.ofSeconds(5)));

        assertEquals(List.of("stop " + NAME), runtime.calls());
        assertTrue(runtime.get(NAME).isStopped());
        assertTrue(progress.warnings.contains("kept " + NAME + " (stopped) because its session could not be saved"));
    }

    @Test
    void killDeletesAtOnceEvenWhenTheSessionCannotBeSaved() {
        SessionContainer running = container("Running", false, "no-such-tool");

        assertTrue(control.kill(running));

        assertEquals(List.of("stop " + NAME + " force", "delete " + NAME), runtime.calls());
        assertTrue(runtime.names().isEmpty());
        assertTrue(progress.warnings.stream().anyMatch(warning -> warning.startsWith("the session of " + NAME
                + " was not saved")));
    }

    @Test
    void killSavesTheSessionWhenItCan() {
        SessionContainer running = container("Running", false);

        assertTrue(control.kill(running));

        assertTrue(runtime.names().isEmpty());
        assertTrue(store.find(SESSION).isPresent());
        assertTrue(progress.warnings.isEmpty(), progress.warnings.toString());
    }

    @Test
    void removeStoppedLeavesARunningContainerAlone() {
        SessionContainer running = container("Running", false);

        assertFalse(control.removeStopped(running));

        assertEquals(List.of(), runtime.calls());
        assertTrue(runtime.get(NAME).isRunning());
    }

    @Test
    void removeStoppedSavesAndDeletesAStoppedOne() {
        SessionContainer stopped = container("Stopped", false);

        assertTrue(control.removeStopped(stopped));

        assertEquals(List.of("delete " + NAME), runtime.calls());
        assertTrue(store.find(SESSION).isPresent());
    }

    @Test
    void shutdownTellsTheHooksOnceThatTheSessionEndsBeforeItStopsTheContainer() {
        SessionContainer running = container("Running", false);

        assertTrue(control.shutdown(running, Duration.ofSeconds(5)));

        assertEquals(List.of("kernel ending " + SESSION + " in " + NAME + " after []",
                "plugin ending " + SESSION + " in " + NAME + " after []"), endings);
    }

    @Test
    void killTellsTheHooksOnceThatTheSessionEndsBeforeItStopsTheContainer() {
        SessionContainer running = container("Running", false);

        assertTrue(control.kill(running));

        assertEquals(List.of("kernel ending " + SESSION + " in " + NAME + " after []",
                "plugin ending " + SESSION + " in " + NAME + " after []"), endings);
    }

    @Test
    void aContainerCoiDidNotMakeHasNoSessionToTellTheHooksOf() {
        runtime.with(NAME, "Running", Map.of());
        SessionContainer foreign = SessionContainer.of(runtime.get(NAME));

        assertTrue(control.shutdown(foreign, Duration.ofSeconds(5)));
        runtime.with(NAME, "Running", Map.of());
        assertTrue(control.kill(SessionContainer.of(runtime.get(NAME))));

        assertEquals(List.of(), endings);
    }

    @Test
    void aPluginHookThatFailsAtTheEndingDoesNotStopTheShutdown() {
        plugins = List.of(new SessionLifecycle() {
            @Override
            public String name() {
                return "monitor";
            }

            @Override
            public void ending(SessionEnding session) {
                throw new IllegalStateException("monitor cannot reach its server");
            }
        }, new EndingRecorder("plugin"));
        SessionContainer running = container("Running", false);

        assertTrue(control.shutdown(running, Duration.ofSeconds(5)));

        assertEquals(List.of("stop " + NAME, "delete " + NAME), runtime.calls());
        assertTrue(store.find(SESSION).flatMap(session -> session.metadata()).isPresent());
        assertEquals(List.of("kernel ending " + SESSION + " in " + NAME + " after []",
                "plugin ending " + SESSION + " in " + NAME + " after []"), endings);
        assertEquals(List.of("the session lifecycle extension 'monitor' failed while the session in " + NAME
                + " was ending: monitor cannot reach its server"), progress.warnings);
    }

    /** Writes down each ending it hears of, with the container calls made so far. */
    private final class EndingRecorder implements SessionLifecycle {

        private final String name;

        EndingRecorder(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void ending(SessionEnding session) {
            endings.add(name + " ending " + session.sessionId().orElse("?") + " in " + session.container() + " after "
                    + runtime.calls());
        }
    }
}
