package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.sessions.launch.LaunchRequest;
import dev.coi.kernel.sessions.launch.ShellRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How the flags of coi shell, coi alone and coi run are read, without running anything. */
class SessionFlagsTest {

    @TempDir
    Path home;

    private static ShellCommand shell(String... args) {
        ShellCommand command = new ShellCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static ShellRequest request(ShellCommand command) {
        return command.session.request(command.debug, command.background, command.tmux);
    }

    @Test
    void defaults() {
        ShellRequest request = request(shell());

        assertEquals(Path.of("."), request.launch().workspace());
        assertEquals(Optional.empty(), request.launch().slot());
        assertEquals(Optional.empty(), request.launch().persistent(), "unset, so config and resumed sessions decide");
        assertEquals(Optional.empty(), request.launch().image());
        assertEquals(Optional.empty(), request.resume());
        assertTrue(request.tmux());
        assertFalse(request.debug());
        assertFalse(request.background());
    }

    @Test
    void everyFlag() {
        ShellRequest request = request(shell("-w", "/p", "--slot", "3", "--persistent", "--image", "img", "-e", "A=1,2",
                "--env=B=x=y", "--mount", "/a:/b", "--mount", "/c:/d", "--network", "open", "--debug", "--background",
                "--tmux=false"));

        LaunchRequest launch = request.launch();
        assertEquals(Path.of("/p"), launch.workspace());
        assertEquals(Optional.of(3), launch.slot());
        assertEquals(Optional.of(true), launch.persistent());
        assertEquals(Optional.of("img"), launch.image());
        assertEquals(List.of("A=1,2", "B=x=y"), launch.environment());
        assertEquals(List.of("/a:/b", "/c:/d"), launch.mounts());
        assertEquals(Optional.of("open"), launch.network());
        assertTrue(request.debug());
        assertTrue(request.background());
        assertFalse(request.tmux());
    }

    @Test
    void persistentCanBeTurnedOffAgainstTheConfiguration() {
        assertEquals(Optional.of(false), request(shell("--persistent=false")).launch().persistent());
    }

    @Test
    void resumeAloneMeansTheNewestSessionAndTakesAnIdAfterEquals() {
        assertEquals(Optional.of("auto"), request(shell("--resume")).resume());
        assertEquals(Optional.of("abc"), request(shell("--resume=abc")).resume());
        assertEquals(Optional.of("abc"), request(shell("--continue=abc")).resume());
        assertEquals(Optional.of("auto"), request(shell("--continue", "--slot", "2")).resume());
        assertEquals(Optional.of("c"), request(shell("--resume=r", "--continue=c")).resume(), "--continue wins");
    }

    @Test
    void aPositionalArgumentSuggestsResumeWithEquals() {
        CliRun run = CliRun.of(home, "shell", "--debug", "--resume", "--", "abc");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("unexpected argument 'abc' - did you mean --resume=abc?"), run::toString);
    }

    @Test
    void coiAloneTakesTheSessionFlagsButNotThoseOnlyShellHas() {
        for (String flag : List.of("--debug", "--background", "--tmux=false")) {
            CliRun run = CliRun.of(home, flag);
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.err().contains("Unknown option: '" + flag + "'"), run::toString);
        }
        CoiCommand root = new CoiCommand();
        new CommandLine(root).parseArgs("--slot", "2", "--resume", "-e", "A=1");
        assertEquals(Optional.of(2), root.session.request(false, false, true).launch().slot());
    }

    @Test
    void runTakesEverythingAfterTheCommandAsItsArguments() {
        RunCommand run = new RunCommand();
        CommandLine commandLine = new CommandLine(run);
        commandLine.setStopAtPositional(true);
        commandLine.parseArgs("--slot", "2", "-e", "A=1", "ls", "-la", "--slot", "x");

        assertEquals(List.of("ls", "-la", "--slot", "x"), run.command);
        assertEquals(Optional.of(2), run.container.request(Optional.empty()).slot());
    }

    @Test
    void runWithoutACommandIsAUsageError() {
        CliRun run = CliRun.of(home, "run");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("COMMAND"), run::toString);
    }
}
