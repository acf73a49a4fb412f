package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ExecOptions;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ClaimedCommand;
import dev.coi.kernel.sessions.LostChildRetry;
import dev.coi.kernel.sessions.TerminalAttach;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * coi run's tries as RunService sets them up: its claimed command run by a real shell standing in for the container,
 * and a fake attach standing in for Incus, which loses tries before or after they started the command.
 */
class RunRetryTest {

    @TempDir
    Path dir;

    private Path claimPath;
    private Path runs;
    private ClaimedCommand claim;

    @BeforeEach
    void setUp() {
        claimPath = dir.resolve(".coi-run-0123456789abcdef");
        runs = dir.resolve("runs");
        claim = new ClaimedCommand(claimPath.toString(), path -> {
            try {
                Files.deleteIfExists(Path.of(path));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, ClaimedCommand.FOLLOWER_WAIT);
    }

    @Test
    void aLostTryIsRepeatedAndTheCommandRunsOnce() throws Exception {
        LostChildRetry.Retrying attached = retry(Try.LOST_BEFORE_START, Try.RUNS);

        assertEquals(3, attached.waitFor());
        assertEquals(1, Files.readAllLines(runs).size());
        assertFalse(attached.lostEveryTry());
    }

    @Test
    void aTryIncusLostAfterItStartedTheCommandIsFollowedNotRepeated() throws Exception {
        LostChildRetry.Retrying attached = retry(Try.RUNS_BUT_INCUS_SAYS_LOST, Try.RUNS);

        assertEquals(3, attached.waitFor());
        assertEquals(1, Files.readAllLines(runs).size(), "the command ran once");
        assertFalse(attached.lostEveryTry());
    }

    @Test
    void whenEveryTryIsLostTheCommandDidNotRunAndCoiSaysSo() throws Exception {
        LostChildRetry.Retrying attached = retry(Try.LOST_BEFORE_START, Try.LOST_BEFORE_START,
                Try.LOST_BEFORE_START, Try.LOST_BEFORE_START);

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
    void removesTheClaimOfAContainerThatStays() throws Exception {
        retry(Try.RUNS).waitFor();
        assertTrue(Files.isDirectory(claimPath));

        claim.remove();

        assertFalse(Files.exists(claimPath));
    }

    private enum Try { LOST_BEFORE_START, RUNS, RUNS_BUT_INCUS_SAYS_LOST }

    /** coi run's retry, as RunService sets it up, over tries that go as given. */
    private LostChildRetry.Retrying retry(Try... tries) {
        Deque<Try> left = new ArrayDeque<>(List.of(tries));
        TerminalAttach incus = request -> {
            Try next = left.remove();
            int exitCode = next == Try.LOST_BEFORE_START ? 1 : runQuietly(request.command());
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
        return new LostChildRetry(incus).start(new TerminalAttach.Request("c1", claim.wrap(command(), false),
                new ExecOptions(1000, 1000, "/workspace", Map.of()), false), () -> true);
    }

    /** Counts its runs in a file and exits with 3. */
    private List<String> command() {
        return List.of("sh", "-c", "echo ran >>\"$0\"; exit 3", runs.toString());
    }

    private static int runQuietly(List<String> command) {
        try {
            return new ProcessBuilder(command).start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
