package dev.coi.kernel.compat;

import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionLabels;
import dev.coi.kernel.sessions.SessionTestBed;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference's global session flags before {@code shell} reach the session made (reference-behaviour.md §1.1). */
class GlobalFlagsCompatIT {

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
    void persistentAndSlotBeforeShellMakeAPersistentContainerInThatSlot() {
        CoiTerminal start = bed.run("--persistent", "--slot", "2", "shell", "--image", bed.image, "--background");

        assertExit(0, start);
        Instance made = bed.container(2).orElseThrow(() -> new AssertionError("no container in slot 2: "
                + bed.containers() + "\n" + start.history()));
        assertEquals("true", made.config().get(SessionLabels.PERSISTENT), made.config()::toString);
        assertEquals(List.of(bed.containerName(2)), bed.containers(), "no second container");
    }
}
