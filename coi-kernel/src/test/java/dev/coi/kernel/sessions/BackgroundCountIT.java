package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.END;
import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.Instance;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coi shell --background --count N} against Incus, with the stub-claude image ({@link SessionTestImage}). */
class BackgroundCountIT {

    @TempDir
    Path root;

    private SessionTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new SessionTestBed(root);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void threeSessionsRunInSlotsOneToThreeEachWithItsTool() {
        CoiTerminal started = bed.run(bed.shellArgs("--background", "--count", "3"));

        assertExit(0, started);
        assertEquals(IntStream.rangeClosed(1, 3).mapToObj(bed::containerName).toList(),
                bed.containers().stream().sorted().toList(), started::history);
        String screen = started.history();
        int listed = -1;
        for (int slot = 1; slot <= 3; slot++) {
            String container = bed.containerName(slot);
            int line = screen.indexOf("Container: " + container + " (session ");
            assertTrue(line > listed, "listed in slot order:\n" + screen);
            listed = line;
            Instance instance = bed.container(slot).orElseThrow();
            assertTrue(instance.isRunning(), instance::toString);
            String id = instance.config().get(SessionLabels.SESSION_ID);
            assertEquals(id, bed.awaitCaptured(SessionTestBed.READY.pattern(), container).group(1),
                    "the tool of " + container + " runs its own session");
        }
    }

    @Test
    void twoCountsStartedTogetherInOneWorkspaceGetFourDistinctSlots() {
        List<CoiTerminal> both = List.of(bed.shell("--background", "--count", "2"),
                bed.shell("--background", "--count", "2"));

        for (CoiTerminal terminal : both) {
            terminal.awaitExit(END);
            assertExit(0, terminal);
        }
        assertEquals(IntStream.rangeClosed(1, 4).mapToObj(bed::containerName).toList(),
                bed.containers().stream().sorted().toList(), () -> both.get(0).history() + both.get(1).history());
        for (int slot = 1; slot <= 4; slot++) {
            assertTrue(bed.container(slot).orElseThrow().isRunning(), bed.containerName(slot));
        }
    }
}
