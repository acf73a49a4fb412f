package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.sessions.ChildStdio;
import dev.coi.kernel.wiring.Choices;
import dev.coi.kernel.wiring.Kernel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The profile and the config flags of a command line reach the configuration its kernel loads. The kernel is made
 * with them, so there is no order in which a command could load the configuration before they are known.
 */
class CommandLineChoicesTest {

    @TempDir
    Path home;

    @BeforeEach
    void writeConfig() throws Exception {
        Path user = Files.createDirectories(home.resolve(".config/coi")).resolve("config.toml");
        Files.writeString(user, """
                [defaults]
                image = "coi"
                [limits.cpu]
                count = "4"
                [profiles.rust]
                image = "coi-rust"
                [profiles.rust.limits.cpu]
                count = "2"
                """);
    }

    private static Choices choices(String... args) {
        CommandLine commandLine = new CommandLine(CoiCommand.class);
        Subcommands.addTo(commandLine, args);
        CommandLine run = commandLine.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true);
        }
        ParseResult parsed = commandLine.parseArgs(args);
        RootSessionFlags.handOn(parsed);
        return Coi.choices(parsed);
    }

    private CoiConfig loaded(Choices choices) throws Exception {
        StringWriter discarded = new StringWriter();
        Output output = new Output(new PrintWriter(discarded), new PrintWriter(discarded), false, false);
        ConfigEnvironment environment = new ConfigEnvironment(Map.of(), home, home, home.resolve("etc/config.toml"));
        Kernel kernel = new Kernel(environment, output, ChildStdio.copyTo(new PrintWriter(discarded),
                new PrintWriter(discarded)), choices, widening -> { });
        return kernel.config().config();
    }

    @Test
    void theProfileAndTheCommandsFlagsReachTheConfiguration() throws Exception {
        CoiConfig config = loaded(choices("--profile", "rust", "shell", "--limit-memory", "1GiB"));

        assertEquals("coi-rust", config.image());
        assertEquals(Optional.of("2"), config.limits().cpu().count());
        assertEquals(Optional.of("1GiB"), config.limits().memory().limit());
    }

    @Test
    void aFlagWinsOverTheProfile() throws Exception {
        CoiConfig config = loaded(choices("shell", "--profile", "rust", "--limit-cpu", "3"));

        assertEquals("coi-rust", config.image());
        assertEquals(Optional.of("3"), config.limits().cpu().count());
    }

    @Test
    void flagsBeforeTheCommandAreTheCommands() throws Exception {
        CoiConfig config = loaded(choices("--limit-cpu", "1", "run", "--", "make", "--limit-cpu", "9"));

        assertEquals(Optional.of("1"), config.limits().cpu().count());
    }

    @Test
    void coiAloneTakesTheFlagsOfShell() throws Exception {
        CoiConfig config = loaded(choices("--tool", "claude", "--limit-cpu", "5"));

        assertEquals(Optional.of("5"), config.limits().cpu().count());
    }

    @Test
    void aCommandWithoutConfigFlagsChoosesOnlyTheProfile() {
        assertEquals(new Choices(Optional.of("rust"), List.of()), choices("list", "--profile", "rust"));
        assertEquals(Choices.NONE, choices("version"));
    }

    @Test
    void aKernelOutsideTheCommandLineLoadsTheDefaults() throws Exception {
        CoiConfig config = loaded(Choices.NONE);

        assertEquals("coi", config.image());
        assertTrue(config.limits().memory().limit().isEmpty());
    }
}
