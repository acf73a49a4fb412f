package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.TerminalAttach;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellServiceTest {

    @TempDir
    Path root;

    private FakeLaunch bed;

    @BeforeEach
    void setUp() {
        bed = new FakeLaunch(root);
    }

    private int shell(LaunchRequest launch, boolean background, boolean tmux) throws Exception {
        return new ShellService(bed.context()).run(new ShellRequest(launch, Optional.empty(), false, background, tmux));
    }

    @Test
    void backgroundWithoutTmuxIsAUsageErrorBeforeAnythingIsMade() {
        CoiException failure = assertThrows(CoiException.class,
                () -> shell(bed.launch(Optional.empty(), Optional.empty()), true, false));

        assertEquals(ExitCodes.USAGE, failure.exitCode());
        assertTrue(failure.getMessage().contains("--background needs tmux"), failure.getMessage());
        assertEquals(List.of(), bed.runtime.calls());
    }

    @Test
    void withoutItsImageNothingIsCreatedAndTheUserIsToldToBuildIt() {
        LaunchRequest launch = new LaunchRequest(bed.workspace, Optional.empty(), Optional.empty(),
                Optional.of("missing-image"), List.of(), List.of(), Optional.of("open"));

        CoiException failure = assertThrows(CoiException.class, () -> shell(launch, false, true));

        assertTrue(failure.getMessage().startsWith("image 'missing-image' not found - run 'coi build' first"),
                failure.getMessage());
        assertEquals(List.of(), bed.runtime.calls());
    }

    @Test
    void anImageWhoseBuildRecordedOtherToolsStartsNoSessionOfThisOne() {
        bed.runtime.withImage("built", "claude codex");
        LaunchRequest launch = new LaunchRequest(bed.workspace, Optional.empty(), Optional.empty(),
                Optional.of("built"), List.of(), List.of(), Optional.of("open"));

        CoiException failure = assertThrows(CoiException.class, () -> shell(launch, true, true));

        assertEquals(ExitCodes.FAILURE, failure.exitCode());
        assertTrue(failure.getMessage().startsWith("image 'built' has no " + FakeLaunch.TOOL
                + " (it has: claude, codex), so a session could not start it"), failure.getMessage());
        assertEquals(List.of(), bed.runtime.calls());
    }

    @Test
    void aSessionWithoutTmuxRunsTheToolInANewContainerThenSavesTheSessionAndRemovesTheContainer()
            throws Exception {
        bed.attach.then(new TerminalAttach.Ended(0, false));
        String container = bed.names.name(bed.workspace, 1);

        assertEquals(0, shell(bed.launch(Optional.empty(), Optional.of(false)), false, false));

        List<String> calls = bed.runtime.calls();
        assertEquals("create " + container, calls.getFirst());
        assertTrue(calls.contains("exec " + container + " true"), "not waited for: " + calls);
        assertEquals(List.of("stop " + container, "delete " + container), calls.subList(calls.size() - 2,
                calls.size()));
        assertTrue(bed.runtime.names().isEmpty(), "left behind: " + bed.runtime.names());
        TerminalAttach.Request request = bed.attached.getFirst();
        assertEquals(FakeLaunch.TOOL, request.command().getLast());
        assertEquals(1, new SessionStore(bed.coiHome, FakeLaunch.TOOL).list().size());
    }

    @Test
    void aSessionThatCannotBeSetUpRemovesItsNewContainer() {
        String container = bed.names.name(bed.workspace, 1);
        bed.runtime.answering("true", command -> {
            throw CoiException.failure("the container does not answer");
        });

        assertThrows(RuntimeException.class, () -> shell(bed.launch(Optional.empty(), Optional.of(false)), false,
                false));

        assertEquals("deleteForcibly " + container, bed.runtime.calls().getLast());
        assertTrue(bed.runtime.names().isEmpty(), "left behind: " + bed.runtime.names());
        assertTrue(bed.progress.has("warn: ", "removed the new container " + container));
    }
}
