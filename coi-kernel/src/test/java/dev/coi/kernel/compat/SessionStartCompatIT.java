package dev.coi.kernel.compat;

import static dev.coi.kernel.sessions.SessionTestBed.START;
import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static dev.coi.kernel.sessions.SessionTestBed.awaitReady;
import static dev.coi.kernel.sessions.SessionTestBed.powerOff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.sessions.SessionTestBed;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code coi shell} starts as a harness drives it in a terminal (reference-behaviour.md §5 step 12): it waits
 * on the screen for {@code Starting session...}, reads the session id and container from the lines after it, then
 * waits for the tool's prompt.
 */
class SessionStartCompatIT {

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

    private Pattern banner(String mode) {
        return Pattern.compile("\n\nStarting session\\.\\.\\.\nSession ID: ([0-9a-f-]{36})\nContainer: "
                + Pattern.quote(bed.containerName(1)) + "\nWorkspace: " + Pattern.quote(bed.workspace.toString())
                + "\nMode: " + Pattern.quote(mode) + "\n");
    }

    @Test
    void interactiveShellShowsStartingSessionThenIdContainerWorkspaceAndModeBeforeTheToolsPrompt() {
        CoiTerminal terminal = bed.shell();

        // on the screen before the terminal is handed to the session's tmux, which then covers it
        String announced = terminal.awaitMatch(banner("Interactive (tmux)"), START).group(1);
        String ready = awaitReady(terminal);
        powerOff(terminal);
        assertExit(0, terminal);

        assertEquals(announced, ready, "the Session ID line names the session the tool runs");
        Matcher kept = banner("Interactive (tmux)").matcher(terminal.history());
        assertTrue(kept.find(), terminal::history);
        assertEquals(announced, kept.group(1), terminal::history);
    }

    @Test
    void backgroundShellPrintsTheSameLinesWithBackgroundModeOnStderrAndNothingOnStdout() {
        CliRun run = CliRun.of(bed.home, bed.environment, "shell", "-w", bed.workspace.toString(), "--image",
                bed.image, "--background");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertTrue(banner("Background (tmux)").matcher(run.err()).find(), run::toString);
        assertTrue(run.err().contains("Use 'coi tmux capture " + bed.containerName(1) + "' to view output"),
                run::toString);
    }
}
