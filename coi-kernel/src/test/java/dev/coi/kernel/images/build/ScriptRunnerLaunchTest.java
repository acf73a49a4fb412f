package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell command a build script runs under, run by a real {@code /bin/sh} as Incus would run it twice. */
class ScriptRunnerLaunchTest {

    @TempDir
    Path dir;

    private final String claim = ScriptRunner.RUNS + "/test-" + UUID.randomUUID();

    @AfterEach
    void removeClaim() throws IOException, InterruptedException {
        new ProcessBuilder("rm", "-rf", claim).start().waitFor();
    }

    @Test
    void aSecondTryOfTheSameRunDoesNotRunTheScriptAgainAndTheFirstLeavesItsExitCode() throws Exception {
        Path script = Files.writeString(dir.resolve("step.sh"), "echo ran >> " + dir.resolve("runs") + "\nexit 3\n");

        Result first = launch(script);
        Result second = launch(script);

        assertEquals(3, first.exitCode());
        assertFalse(first.output().contains(ScriptRunner.CLAIMED), first.output());
        assertEquals(0, second.exitCode());
        assertTrue(second.output().contains(ScriptRunner.CLAIMED), second.output());
        assertEquals("ran\n", Files.readString(dir.resolve("runs")));
        assertEquals("3", Files.readString(Path.of(claim, "rc")).strip());
    }

    @Test
    void aClaimThatCannotBeMadeIsAnErrorNotARunClaimedElsewhere() throws Exception {
        Path script = Files.writeString(dir.resolve("step.sh"), "echo ran >> " + dir.resolve("runs") + "\n");
        Files.writeString(dir.resolve("blocker"), "");

        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c",
                ScriptRunner.launch(dir.resolve("blocker") + "/run", false), script.toString());
        Result result = run(builder);

        assertEquals(125, result.exitCode());
        assertTrue(result.output().contains("cannot create"), result.output());
        assertFalse(Files.exists(dir.resolve("runs")));
    }

    private Result launch(Path script) throws IOException, InterruptedException {
        return run(new ProcessBuilder("/bin/sh", "-c", ScriptRunner.launch(claim, false), script.toString()));
    }

    private static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
