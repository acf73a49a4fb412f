package dev.coi.kernel.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.PortException;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.incus.AnsweringIncus;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.SocketLocation;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.RecordingProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the service decides, and what it asks its snapshot store for; the containers come from a fake Incus that
 * answers only what a test gives it.
 */
class SnapshotServiceTest {

    private static final String CONTAINER = "coi-abc-1";

    @TempDir
    Path home;

    private final FakeSnapshotStore store = new FakeSnapshotStore();
    private final RecordingProgress progress = new RecordingProgress();
    private AnsweringIncus incus;

    @AfterEach
    void stopIncus() throws IOException {
        if (incus != null) {
            incus.close();
        }
    }

    private SnapshotService service(Clock clock) {
        // nothing listens there: a test that reached Incus would fail
        IncusClient nowhere = new IncusClient(SocketLocation.of(home.resolve("no-incus.socket")), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        return new SnapshotService(nowhere, store, () -> new PluginRegistry(List.of(), List.of()), home,
                new ContainerNames("coi-"), new RecordingProgress(), clock);
    }

    /** The service, with Incus knowing one container of that status and these labels (JSON members). */
    private SnapshotService serviceFor(String status, String labels) throws IOException {
        incus = AnsweringIncus.listen(home.resolve("incus.socket"));
        incus.get("/1.0/instances/" + CONTAINER, "{\"name\": \"" + CONTAINER + "\", \"type\": \"container\","
                + " \"status\": \"" + status + "\", \"config\": {" + labels + "}, \"expanded_config\": {" + labels
                + "}}");
        IncusClient client = new IncusClient(SocketLocation.of(home.resolve("incus.socket")), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        return new SnapshotService(client, store, () -> new PluginRegistry(List.of(), List.of()), home.resolve(".coi"),
                new ContainerNames("coi-"), progress, Clock.systemDefaultZone());
    }

    @Test
    void theDefaultNameIsTheLocalTimeToTheSecond() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T23:04:05.9Z"), ZoneId.of("Europe/Berlin"));
        assertEquals("snap-20261128-000405", service(clock).defaultName());
    }

    @Test
    void aNameThatIsNoPlainFolderNameIsAUsageError() {
        for (String name : List.of("../x", "a/b", ".hidden", "", "with space", "x".repeat(64))) {
            CoiException error = assertThrows(CoiException.class,
                    () -> service(Clock.systemDefaultZone()).create("coi-abc-1", name, false), name);
            assertEquals(ExitCodes.USAGE, error.exitCode(), name);
        }
    }

    @Test
    void createTakesTheSnapshotThroughTheStoreAndGivesItAsTheStoreKeepsIt() throws IOException {
        Snapshot taken = serviceFor("Running", "").create(CONTAINER, "before-upgrade", false);

        assertEquals(List.of("create " + CONTAINER + " before-upgrade"), store.calls);
        assertEquals("before-upgrade", taken.name());
        assertEquals(store.find(CONTAINER, "before-upgrade").orElseThrow().createdAt(), taken.createdAt());
        assertTrue(taken.sessionCopy().isEmpty(), "a container without coi's labels has no saved session");
    }

    @Test
    void aNameTheContainerHasAlreadyIsRefusedAndNothingIsTaken() throws IOException {
        store.with(CONTAINER, "snap-1");

        CoiException error = assertThrows(CoiException.class,
                () -> serviceFor("Running", "").create(CONTAINER, "snap-1", false));

        assertEquals("snapshot 'snap-1' already exists for container '" + CONTAINER + "'", error.getMessage());
        assertEquals(List.of(), store.calls);
    }

    @Test
    void aStatefulSnapshotTheStoreCannotTakeIsRefusedWithItsReasonsBeforeAnythingIsTaken() throws IOException {
        store.processProblems = List.of("CRIU is not installed");

        CoiException error = assertThrows(CoiException.class,
                () -> serviceFor("Running", "").create(CONTAINER, "snap-1", true));

        assertEquals(String.join(System.lineSeparator(), "cannot take a stateful snapshot of '" + CONTAINER
                + "', nothing was created:", "  - CRIU is not installed"), error.getMessage());
        assertEquals(List.of(), store.calls);
    }

    @Test
    void theStoresFailureIsAFailureWithItsMessage() throws IOException {
        store.failure = Optional.of(new PortException("the pool is full"));

        CoiException error = assertThrows(CoiException.class,
                () -> serviceFor("Running", "").create(CONTAINER, "snap-1", false));

        assertEquals(ExitCodes.FAILURE, error.exitCode());
        assertEquals("the pool is full", error.getMessage());
    }

    @Test
    void anEphemeralSessionContainerIsSnapshottedWithAWarningThatTheSnapshotGoesWithIt() throws IOException {
        Snapshot taken = serviceFor("Running", "\"user.coi.session\": \"s-1\", \"user.coi.persistent\": \"false\","
                + " \"user.coi.tool\": \"unknown-tool\"").create(CONTAINER, "snap-1", false);

        assertEquals("snap-1", taken.name());
        assertTrue(progress.warnings.stream().anyMatch(warning -> warning.contains("is ephemeral")),
                progress.warnings.toString());
        assertTrue(progress.warnings.stream().anyMatch(warning -> warning.contains("no plugin provides the tool")),
                progress.warnings.toString());
        assertTrue(taken.sessionCopy().isEmpty());
    }

    @Test
    void listGivesTheStoresSnapshotsInItsOrder() throws IOException {
        store.with(CONTAINER, "first").with(CONTAINER, "second").with("coi-other-1", "elsewhere");

        List<Snapshot> listed = serviceFor("Stopped", "").list(CONTAINER);

        assertEquals(List.of("first", "second"), listed.stream().map(Snapshot::name).toList());
    }

    @Test
    void restoreOfAStoppedContainerAsksTheStoreAndLeavesAnUnlabelledContainerAsItIs() throws IOException {
        store.with(CONTAINER, "snap-1");

        serviceFor("Stopped", "").restore(CONTAINER, "snap-1", false);

        assertEquals(List.of("restore " + CONTAINER + " snap-1"), store.calls);
    }

    @Test
    void restoreOfARunningContainerIsRefusedAndTheStoreIsNotAsked() throws IOException {
        store.with(CONTAINER, "snap-1");

        CoiException error = assertThrows(CoiException.class,
                () -> serviceFor("Running", "").restore(CONTAINER, "snap-1", false));

        assertTrue(error.getMessage().startsWith("container '" + CONTAINER + "' must be stopped"), error.getMessage());
        assertEquals(List.of(), store.calls);
    }

    @Test
    void restoringProcessesTheStoreCannotBringBackIsRefusedWithItsReasons() throws IOException {
        store.with(CONTAINER, "snap-1");
        store.processProblems = List.of("snapshot 'snap-1' holds no process state");

        CoiException error = assertThrows(CoiException.class,
                () -> serviceFor("Stopped", "").restore(CONTAINER, "snap-1", true));

        assertTrue(error.getMessage().endsWith("  - snapshot 'snap-1' holds no process state"), error.getMessage());
        assertEquals(List.of(), store.calls);
    }

    @Test
    void deleteDeletesThroughTheStore() throws IOException {
        store.with(CONTAINER, "snap-1").with(CONTAINER, "snap-2");

        serviceFor("Stopped", "").delete(CONTAINER, "snap-1");

        assertEquals(List.of("delete " + CONTAINER + " snap-1"), store.calls);
        assertEquals(List.of("snap-2"), store.list(CONTAINER).stream().map(taken -> taken.name()).toList());
    }

    @Test
    void aSnapshotTheStoreDoesNotHaveIsAFailureThatSaysHowToSeeTheOthers() throws IOException {
        CoiException error = assertThrows(CoiException.class,
                () -> serviceFor("Stopped", "").delete(CONTAINER, "missing"));

        assertEquals("snapshot 'missing' not found for container '" + CONTAINER + "' - 'coi snapshot list -c "
                + CONTAINER + "' shows its snapshots", error.getMessage());
        assertFalse(store.calls.stream().anyMatch(call -> call.startsWith("delete")));
    }

    @Test
    void anUnknownContainerIsAFailureBeforeTheStoreIsAsked() throws IOException {
        store.with("coi-gone-1", "snap-1");
        SnapshotService service = serviceFor("Stopped", "");

        CoiException error = assertThrows(CoiException.class, () -> service.info("coi-gone-1", "snap-1"));

        assertEquals("container 'coi-gone-1' not found", error.getMessage());
    }
}
