package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.IncusException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundSessionsTest {

    @TempDir
    Path root;

    private FakeLaunch bed;

    @BeforeEach
    void setUp() {
        bed = new FakeLaunch(root);
    }

    private int start(int count) throws Exception {
        BackgroundSessions sessions = new BackgroundSessions(bed.context(), bed.context(), 3);
        return sessions.start(new ShellRequest(bed.launch(Optional.empty(), Optional.empty()), Optional.empty(), false,
                true, true), count);
    }

    private String name(int slot) {
        return bed.names.name(bed.workspace, slot);
    }

    @Test
    void eachSessionGetsAFreeSlotOfItsOwnAndItsToolStartsThere() throws Exception {
        bed.runtime.with(name(2), "Running", bed.labels("0b5e7a3c-1111-4222-8333-944445555666", false));

        assertEquals(0, start(5));

        assertEquals(Set.of(name(1), name(2), name(3), name(4), name(5), name(6)), bed.runtime.names());
        for (int slot : List.of(1, 3, 4, 5, 6)) {
            assertTrue(bed.runtime.get(name(slot)).isRunning(), name(slot));
            String tmux = "exec " + name(slot) + " tmux new-session";
            assertTrue(bed.runtime.calls().stream().anyMatch(call -> call.startsWith(tmux)), "no tool in " + name(slot));
        }
    }

    @Test
    void theStartedSessionsAreListedInSlotOrderOneLineEach() throws Exception {
        assertEquals(0, start(4));

        List<String> containers;
        synchronized (bed.progress.all) {
            containers = bed.progress.all.stream()
                    .filter(line -> line.startsWith("info: Container: ") && line.contains(" (session ")).toList();
        }
        assertEquals(4, containers.size(), containers::toString);
        for (int slot = 1; slot <= 4; slot++) {
            assertTrue(containers.get(slot - 1).startsWith("info: Container: " + name(slot) + " (session "),
                    containers::toString);
        }
    }

    @Test
    void aSessionThatFailsLeavesNothingBehindAndTheOthersStillStart() {
        bed.runtime.failingCreate(name(2), new IncusException("Incus could not create instance " + name(2)
                + ": no space left", 500, "no space left", null));

        CoiException failure = assertThrows(CoiException.class, () -> start(3));

        assertTrue(failure.getMessage().startsWith("1 of 3 sessions did not start (the other 2 run):"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("no space left"), failure.getMessage());
        assertEquals(Set.of(name(1), name(3)), bed.runtime.names(), "the failed one's container is gone");
        assertTrue(bed.progress.has("info: ", "Container: " + name(3)), "the started ones are listed");
    }

    @Test
    void manySessionsOnAFewThreadsAllGetDistinctSlots() throws Exception {
        assertEquals(0, start(BackgroundSessions.MAX_COUNT));

        assertEquals(IntStream.rangeClosed(1, BackgroundSessions.MAX_COUNT).mapToObj(this::name)
                .collect(Collectors.toSet()), bed.runtime.names());
    }
}
