package dev.coi.kernel.incus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrapper of a claimed command, run by a real {@code /bin/sh} standing in for the container, and tried as Incus
 * tries it: once, twice, with the first try's output gone.
 */
class ClaimedCommandTest {

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
    void aTryPassesOnInputOutputAndExitCodes() throws Exception {
        for (int code : new int[] {0, 3, 124, 126}) {
            claim.remove();
            Result result = run(claim.wrap(List.of("sh", "-c", "cat; echo out; echo err >&2; exit $0",
                    Integer.toString(code)), false), "input\n");

            assertEquals(code, result.exitCode());
            assertEquals("input\nout\n", result.out());
            assertEquals("err\n", result.err());
        }
    }

    @Test
    void aCommandThatIsNotThereStillExitsWith127() throws Exception {
        assertEquals(127, run(claim.wrap(List.of("no-such-command-here"), false), "").exitCode());
        claim.remove();
        assertEquals(127, run(claim.wrap(List.of("no-such-command-here"), true), "").exitCode());
    }

    @Test
    void aSecondTryRunsNothingAndHandsBackTheFirstsOutputAndExitCode() throws Exception {
        Result first = run(claim.wrap(command(3), false), "");
        Result second = run(claim.wrap(command(3), false), "");

        assertEquals(3, second.exitCode());
        assertEquals(first.out(), second.out());
        assertEquals("ran 1\n", second.out());
        assertEquals("warned\n", second.err());
        assertEquals(1, Files.readAllLines(runs).size(), "the command ran once");
    }

    /**
     * The case Incus makes: the try that runs the command has lost its output (a pipe nobody reads) and the next try
     * comes while the command still runs.
     */
    @Test
    void aTryWhoseOutputIsGoneKeepsRunningAndTheNextStreamsAllItWrote() throws Exception {
        Process lost = new ProcessBuilder(claim.wrap(List.of("sh", "-c", "echo ran >>\"$0\"; for i in 1 2 3; do"
                + " echo line $i; echo warning $i >&2; sleep 0.3; done; exit 5", runs.toString()), false)).start();
        lost.getInputStream().close();
        lost.getErrorStream().close();
        Thread.sleep(400);

        Result next = run(claim.wrap(command(0), false), "");

        assertEquals(5, next.exitCode());
        assertEquals("line 1\nline 2\nline 3\n", next.out());
        assertEquals("warning 1\nwarning 2\nwarning 3\n", next.err());
        assertEquals(List.of("ran"), Files.readAllLines(runs), "the command ran once");
        assertTrue(lost.waitFor(10, TimeUnit.SECONDS));
        assertEquals(5, lost.exitValue());
    }

    /**
     * {@code coi run -- yes | head}: when nobody reads the output and no try follows, the command is paused, then
     * gets SIGPIPE as it would writing to a closed pipe, instead of filling the disk.
     */
    @Test
    void aCommandWhoseOutputNobodyReadsIsEndedAsAPipeWouldEndIt() throws Exception {
        ClaimedCommand waitingBriefly = new ClaimedCommand(claimPath.toString(), path -> { }, Duration.ofMillis(500));
        Process shell = new ProcessBuilder(waitingBriefly.wrap(List.of("sh", "-c", "while :; do echo y; sleep 0.01;"
                + " done"), false)).start();
        shell.getInputStream().close();

        assertTrue(shell.waitFor(30, TimeUnit.SECONDS), "the command was ended");
        assertEquals(128 + 13, shell.exitValue());
    }

    @Test
    void signalsSentToTheWrapperReachTheCommandAndItsChildren() throws Exception {
        Process shell = new ProcessBuilder(claim.wrap(List.of("sh", "-c", "trap 'echo stopped; exit 7' TERM;"
                + " echo started; sleep 30 & wait"), false)).start();
        assertEquals("started", new String(shell.getInputStream().readNBytes(7), StandardCharsets.UTF_8));

        // not Process.destroy(), which also closes the streams the test reads
        new ProcessBuilder("kill", "-TERM", Long.toString(shell.pid())).start().waitFor();

        assertTrue(shell.waitFor(10, TimeUnit.SECONDS));
        assertEquals(7, shell.exitValue());
        assertEquals("\nstopped\n", new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalTheCommandKeepsItsStreamsAndASecondTryWaitsForItsExitCode() throws Exception {
        Process first = new ProcessBuilder(claim.wrap(List.of("sh", "-c", "echo ran >>\"$0\"; sleep 0.5; echo out;"
                + " exit 4", runs.toString()), true)).start();
        Thread.sleep(200);

        Result second = run(claim.wrap(command(0), true), "");

        assertEquals(4, second.exitCode());
        assertEquals("", second.out());
        assertTrue(second.err().contains("its output is not shown"), second.err());
        assertEquals(4, first.waitFor());
        assertEquals("out\n", new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(List.of("ran"), Files.readAllLines(runs));
    }

    @Test
    void aClaimThatCannotBeMadeRunsNothing() throws Exception {
        Files.writeString(dir.resolve("blocker"), "");
        ClaimedCommand blocked = new ClaimedCommand(dir.resolve("blocker/run").toString(), path -> { }, ClaimedCommand.FOLLOWER_WAIT);

        Result result = run(blocked.wrap(command(0), false), "");

        assertEquals(ClaimedCommand.NOT_RUN, result.exitCode());
        assertTrue(result.err().contains("cannot create"), result.err());
        assertFalse(Files.exists(runs));
    }

    /** Counts its runs in a file, prints the count, warns, and exits with the code given. */
    private List<String> command(int exitCode) {
        return List.of("sh", "-c", "echo ran >>\"$0\"; echo ran $(wc -l <\"$0\"); echo warned >&2; exit $1",
                runs.toString(), Integer.toString(exitCode));
    }

    private static Result run(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        List<String> streams = new ArrayList<>();
        Thread errors = Thread.ofVirtual().start(() -> {
            try {
                streams.add(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        errors.join();
        return new Result(process.waitFor(), out, streams.get(0));
    }

    private record Result(int exitCode, String out, String err) {
    }
}
