package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ExecOptions;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.sessions.LostChildRetry;
import dev.coi.kernel.sessions.TerminalAttach;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * coi run's proof that a lost try did not start the command, with the wrapper run by a real shell standing in for
 * the container and a fake attach standing in for Incus.
 */
class StartMarkerTest {

    @TempDir
    Path dir;

    private Path marker;
    private Path runs;
    private StartMarker startMarker;

    @org.junit.jupiter.api.BeforeEach
    void setUp() {
        marker = dir.resolve(".coi-started-0123456789abcdef");
        runs = dir.resolve("runs");
        startMarker = new StartMarker(marker.toString(), path -> Files.exists(Path.of(path)), path -> {
            try {
                Files.deleteIfExists(Path.of(path));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void theWrapperCreatesTheMarkerBeforeTheCommandAndKeepsItsExitCode() throws Exception {
        for (int code : new int[] {0, 3, 124, 126, 127}) {
            Files.deleteIfExists(marker);
            Process shell = new ProcessBuilder(startMarker.wrap(List.of("sh", "-c",
                    "test -e \"$0\" && exit $1", marker.toString(), Integer.toString(code)))).inheritIO().start();

            assertEquals(code, shell.waitFor(), "the command saw the marker and exited " + code);
            assertTrue(startMarker.mayHaveStarted());
        }
    }

    @Test
    void aCommandThatIsNotThereStillExitsWith127() throws Exception {
        Process shell = new ProcessBuilder(startMarker.wrap(List.of("no-such-command-here"))).start();

        assertEquals(127, shell.waitFor());
    }

    @Test
    void withoutTheMarkerTheCommandDoesNotRun() throws Exception {
        Files.createDirectories(marker);

        Process shell = new ProcessBuilder(startMarker.wrap(command())).start();

        assertFalse(shell.waitFor() == 0);
        assertFalse(Files.exists(runs), "the command did not run");
    }

    @Test
    void aLostTryWithoutMarkerIsRepeatedAndTheCommandRunsOnce() throws Exception {
        LostChildRetry.Retrying attached = run(Try.LOST_BEFORE_START, Try.RUNS);

        assertEquals(0, attached.waitFor());
        assertEquals(1, Files.readAllLines(runs).size());
        assertFalse(attached.lostEveryTry());
    }

    @Test
    void aTryWhoseMarkerExistsIsNeverRepeatedEvenWhenIncusSaysItLostIt() throws Exception {
        LostChildRetry.Retrying attached = run(Try.RUNS_BUT_INCUS_SAYS_LOST, Try.RUNS);

        assertEquals(1, attached.waitFor());
        assertEquals(1, Files.readAllLines(runs).size(), "the command ran once");
        assertFalse(attached.lostEveryTry());
    }

    @Test
    void aMarkerTheAgentMadeOnlyPreventsTheRepeat() throws Exception {
        Files.createFile(marker);

        LostChildRetry.Retrying attached = run(Try.LOST_BEFORE_START, Try.RUNS);

        assertEquals(1, attached.waitFor());
        assertFalse(Files.exists(runs));
    }

    /**
     * The limit of the proof, kept as a test so that nobody believes more: without a terminal the command's standard
     * error is incus's, so a command that removes its marker and ends with Incus's message is started again. It
     * gains nothing it could not do by running itself once more.
     */
    @Test
    void aCommandThatRemovesItsMarkerAndFakesIncussMessageIsStartedAgain() throws Exception {
        LostChildRetry.Retrying attached = run(Try.RUNS_REMOVES_MARKER_AND_SAYS_LOST, Try.RUNS);

        assertEquals(0, attached.waitFor());
        assertEquals(2, Files.readAllLines(runs).size());
    }

    @Test
    void whenEveryTryIsLostTheCommandDidNotRunAndCoiSaysSo() throws Exception {
        LostChildRetry.Retrying attached = run(Try.LOST_BEFORE_START, Try.LOST_BEFORE_START, Try.LOST_BEFORE_START,
                Try.LOST_BEFORE_START);

        assertEquals(1, attached.waitFor());
        assertTrue(attached.lostEveryTry());
        assertFalse(Files.exists(runs));
        CoiException failure = RunService.lostEveryTry();
        assertEquals(1, failure.exitCode());
        assertTrue(failure.getMessage().startsWith("the command did not run: Incus lost the process it started for"
                + " it, 4 times in a row (\"Failed to retrieve PID of executing child process\")"),
                failure::getMessage);
        assertTrue(failure.getMessage().endsWith("Try again: the same coi run once more"), failure::getMessage);
    }

    @Test
    void removesTheMarkerOfAContainerThatStays() throws Exception {
        run(Try.RUNS).waitFor();
        assertTrue(Files.exists(marker));

        startMarker.remove();

        assertFalse(Files.exists(marker));
    }

    private enum Try { LOST_BEFORE_START, RUNS, RUNS_BUT_INCUS_SAYS_LOST, RUNS_REMOVES_MARKER_AND_SAYS_LOST }

    /** coi run's retry, as RunService sets it up, over tries that go as given. */
    private LostChildRetry.Retrying run(Try... tries) {
        Deque<Try> left = new ArrayDeque<>(List.of(tries));
        TerminalAttach incus = request -> {
            Try next = left.remove();
            int exitCode = next == Try.LOST_BEFORE_START ? 1 : runLocally(request.command());
            if (next == Try.RUNS_REMOVES_MARKER_AND_SAYS_LOST) {
                startMarker.remove();
            }
            boolean lost = next != Try.RUNS;
            return new TerminalAttach.Attached() {
                @Override
                public int waitFor() {
                    return lost ? 1 : exitCode;
                }

                @Override
                public TerminalAttach.Ended waitForEnd() {
                    return new TerminalAttach.Ended(waitFor(), lost);
                }

                @Override
                public void stop() {
                }
            };
        };
        return new LostChildRetry(incus).start(new TerminalAttach.Request("c1", startMarker.wrap(command()),
                new ExecOptions(1000, 1000, "/workspace", Map.of()), false), () -> !startMarker.mayHaveStarted());
    }

    private List<String> command() {
        return List.of("sh", "-c", "echo ran >> \"$0\"", runs.toString());
    }

    private static int runLocally(List<String> command) {
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
