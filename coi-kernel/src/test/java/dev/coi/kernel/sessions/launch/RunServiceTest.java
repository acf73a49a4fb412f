package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.sessions.TerminalAttach;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunServiceTest {

    @TempDir
    Path root;

    private FakeLaunch bed;
    private String container;

    @BeforeEach
    void setUp() {
        bed = new FakeLaunch(root);
        container = bed.names.name(bed.workspace, 1);
    }

    private int run(LaunchRequest launch, String... words) throws Exception {
        return new RunService(bed.context()).run(launch, List.of(words), Optional.empty());
    }

    @Test
    void theCommandRunsInANewContainerWhichIsRemovedAfterwardsAndItsExitCodeIsCoisAlsoWhenItFailed()
            throws Exception {
        bed.attach.then(new TerminalAttach.Ended(3, false));

        int exitCode = run(bed.launch(Optional.empty(), Optional.of(false)), "make", "test");

        assertEquals(3, exitCode);
        List<String> calls = bed.runtime.calls();
        assertEquals("create " + container, calls.getFirst());
        assertEquals("deleteForcibly " + container, calls.getLast());
        assertTrue(bed.runtime.names().isEmpty(), "left behind: " + bed.runtime.names());
        assertEquals(1, bed.attached.size());
        TerminalAttach.Request request = bed.attached.getFirst();
        assertEquals(container, request.container());
        assertEquals(List.of("make", "test"), request.command().subList(request.command().size() - 2,
                request.command().size()));
        assertEquals(SessionMounts.WORKSPACE, request.options().workingDirectory());
    }

    @Test
    void aCommandThatCannotBeStartedStillTakesItsContainerAway() throws Exception {
        CoiException cannotAttach = CoiException.failure("cannot connect a terminal");
        bed.attachFailure = cannotAttach;

        CoiException thrown = assertThrows(CoiException.class,
                () -> run(bed.launch(Optional.empty(), Optional.of(false)), "true"));

        assertSame(cannotAttach, thrown);
        assertTrue(bed.runtime.calls().contains("create " + container));
        assertEquals("deleteForcibly " + container, bed.runtime.calls().getLast());
        assertTrue(bed.runtime.names().isEmpty(), "left behind: " + bed.runtime.names());
    }

    @Test
    void aPersistentRunStopsItsContainerInsteadOfRemovingIt() throws Exception {
        bed.attach.then(new TerminalAttach.Ended(0, false));

        assertEquals(0, run(bed.launch(Optional.empty(), Optional.of(true)), "true"));

        assertEquals("stop " + container, bed.runtime.calls().getLast());
        assertTrue(bed.runtime.get(container).isStopped());
        assertEquals("true", bed.runtime.get(container).config().get("user.coi.persistent"));
    }

    @Test
    void withoutItsImageNothingIsCreatedAndTheUserIsToldToBuildIt() {
        LaunchRequest launch = new LaunchRequest(bed.workspace, Optional.empty(), Optional.empty(),
                Optional.of("missing-image"), List.of(), List.of(), Optional.of("open"));

        CoiException failure = assertThrows(CoiException.class, () -> run(launch, "true"));

        assertTrue(failure.getMessage().startsWith("image 'missing-image' not found - run 'coi build' first"),
                failure.getMessage());
        assertEquals(ExitCodes.FAILURE, failure.exitCode());
        assertEquals(List.of(), bed.runtime.calls());
        assertEquals(List.of(), bed.attached);
    }

    @Test
    void withoutACommandItIsAUsageError() {
        CoiException failure = assertThrows(CoiException.class,
                () -> run(bed.launch(Optional.empty(), Optional.empty())));

        assertEquals(ExitCodes.USAGE, failure.exitCode());
        assertEquals(List.of(), bed.runtime.calls());
    }
}
