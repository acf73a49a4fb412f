package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal harness itself: coi runs in it with the environment the test chose, and its exit code comes back. */
class CoiTerminalIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    @Test
    void runsCoiWithTheChosenHomeAndEnvironmentAndReportsItsExitCode() {
        try (CoiTerminal terminal = new CoiTerminal(home, home, Map.of("COI_CONFIG", "/nonexistent/e2e.toml"))) {
            terminal.start("version");
            assertEquals(0, terminal.awaitExit(WAIT), terminal::history);
            assertTrue(terminal.history().contains("coi"), terminal::history);

            terminal.start("no-such-command");
            assertEquals(2, terminal.awaitExit(WAIT), terminal::history);
            assertFalse(terminal.history().contains("coi version"), "a new run starts on a clean screen");

            terminal.start("config", "show");
            assertEquals(0, terminal.awaitExit(WAIT), terminal::history);
            terminal.awaitScreen("COI_CONFIG: the file /nonexistent/e2e.toml does not exist", WAIT);
        }
    }
}
