package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.sessions.launch.LaunchRequest;
import dev.coi.kernel.sessions.launch.ShellRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Session flags before the command are handed to it, or refused; never dropped. */
class RootSessionFlagsTest {

    /** Parses the whole command line, hands the root's flags on and returns the command picocli would run. */
    private static Object parsed(String... args) {
        CommandLine commandLine = new CommandLine(CoiCommand.class);
        Subcommands.addTo(commandLine, args);
        ParseResult root = commandLine.parseArgs(args);
        RootSessionFlags.handOn(root);
        return root.subcommand().commandSpec().userObject();
    }

    private static ShellRequest shell(String... args) {
        ShellCommand shell = (ShellCommand) parsed(args);
        return shell.session.request(shell.debug, shell.background, shell.tmux);
    }

    @Test
    void everySessionFlagBeforeShellIsHandedToIt() {
        ShellRequest request = shell("--persistent", "--slot", "2", "-w", "/p", "--image", "img", "-e", "A=1",
                "--mount", "/a:/b", "--network", "open", "--resume=abc", "--tool", "aider", "--limit-memory", "2GiB",
                "shell");

        LaunchRequest launch = request.launch();
        assertEquals(Optional.of(true), launch.persistent());
        assertEquals(Optional.of(2), launch.slot());
        assertEquals(Path.of("/p"), launch.workspace());
        assertEquals(Optional.of("img"), launch.image());
        assertEquals(List.of("A=1"), launch.environment());
        assertEquals(List.of("/a:/b"), launch.mounts());
        assertEquals(Optional.of("open"), launch.network());
        assertEquals(Optional.of("abc"), request.resume());
        ShellCommand shell = (ShellCommand) parsed("--tool", "aider", "--limit-memory", "2GiB", "shell");
        assertTrue(shell.session.overrides().toString().contains("aider"), shell.session.overrides()::toString);
        assertTrue(shell.session.overrides().toString().contains("2GiB"), shell.session.overrides()::toString);
    }

    @Test
    void theCommandsOwnValueWinsAndRepeatableFlagsGetBothListsRootFirst() {
        ShellRequest request = shell("--slot", "2", "-e", "A=1", "--mount", "/a:/b", "shell", "--slot", "3", "-e",
                "B=2");

        assertEquals(Optional.of(3), request.launch().slot());
        assertEquals(List.of("A=1", "B=2"), request.launch().environment());
        assertEquals(List.of("/a:/b"), request.launch().mounts());
    }

    @Test
    void bareResumeOrPersistentBeforeShellDoesNotTakeTheCommandAsItsValue() {
        assertEquals(Optional.of("auto"), shell("--resume", "shell").resume());
        assertEquals(Optional.of(true), shell("--persistent", "shell").launch().persistent());
    }

    @Test
    void persistentFalseBeforeShellIsKeptAsAnExplicitNo() {
        assertEquals(Optional.of(false), shell("--persistent=false", "shell").launch().persistent());
    }

    @Test
    void containerFlagsBeforeRunAreHandedToRun() {
        RunCommand run = (RunCommand) parsed("--persistent", "--slot", "4", "run", "--", "make", "--slot", "9");

        assertEquals(Optional.of(4), run.container.request(Optional.empty()).slot());
        assertEquals(Optional.of(true), run.container.request(Optional.empty()).persistent());
        assertEquals(List.of("make", "--slot", "9"), run.command);
    }

    @Test
    void aFlagTheCommandDoesNotTakeIsRefusedNamingFlagAndCommand() {
        CommandLine.ParameterException refused = assertThrows(CommandLine.ParameterException.class,
                () -> parsed("--resume", "run", "--", "true"));

        assertTrue(refused.getMessage().startsWith("--resume was given before 'run', which takes no such flag"),
                refused.getMessage());
        assertEquals("run", refused.getCommandLine().getCommandName());
    }

    @Test
    void profileAndHelpAreLeftToTheirOwnHandling() {
        assertEquals(Optional.empty(), shell("--profile", "p", "shell").launch().slot());
        CommandLine commandLine = new CommandLine(CoiCommand.class);
        String[] args = {"--slot", "2", "list", "--help"};
        Subcommands.addTo(commandLine, args);
        RootSessionFlags.handOn(commandLine.parseArgs(args));
    }
}
