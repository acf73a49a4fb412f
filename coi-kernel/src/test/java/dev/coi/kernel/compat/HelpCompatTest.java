package dev.coi.kernel.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The help texts of the reference tool that people and scripts key on (reference-behaviour.md section 1 and the
 * seed README): what {@code coi --help} says coi is, the sections of every command's help, the {@code help}
 * command, and what {@code run} and {@code persist} say about ephemeral and persistent containers.
 */
class HelpCompatTest {

    /** The commands the reference documents; coi's own (plugin, tool, config, ...) are pinned elsewhere. */
    private static final List<String> REFERENCE_COMMANDS = List.of("shell", "run", "attach", "list", "info", "clean",
            "kill", "shutdown", "persist", "build", "image", "container", "file", "tmux", "snapshot", "health",
            "version", "completion", "help");

    @TempDir
    Path home;

    /** Nothing listens there: help must need no Incus. */
    private CliRun coi(String... args) {
        return CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("no-incus.socket").toString()), args);
    }

    private CliRun help(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        CliRun run = coi(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        return run;
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void rootHelpNamesTheProgramCodeOnIncusAndItsPurpose(String flag) {
        CliRun run = coi(flag);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        String firstLine = run.out().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("code-on-incus (coi)"), run::toString);
        assertTrue(firstLine.contains("AI coding assistants") && firstLine.contains("Incus containers"),
                run::toString);
    }

    @Test
    void rootHelpHasTheUsageAvailableCommandsAndFlagsSections() {
        String out = help("").out();

        assertTrue(out.contains("\n\nUsage:\n  coi [flags]\n  coi [command]\n"), out);
        assertTrue(out.contains("\n\nAvailable Commands:\n"), out);
        assertTrue(out.contains("\n\nFlags:\n"), out);
        assertTrue(out.endsWith("\n\nUse \"coi [command] --help\" for more information about a command.\n"), out);
    }

    @Test
    void rootHelpListsEveryDocumentedCommand() {
        String out = help("").out();
        String commands = section(out, "Available Commands:");

        for (String command : REFERENCE_COMMANDS) {
            assertTrue(commands.contains("\n  " + command + " "), () -> command + " is not listed:\n" + out);
        }
    }

    @Test
    void rootHelpListsTheGlobalFlags() {
        String flags = section(help("").out(), "Flags:");

        for (String flag : List.of("-w, --workspace", "--slot", "--image", "--persistent", "--resume", "--continue",
                "--profile", "-e, --env", "--mount", "--network", "-h, --help")) {
            assertTrue(flags.contains(flag), () -> flag + " is not listed:\n" + flags);
        }
    }

    @Test
    void shellHelpHasAFlagsSectionWithItsFlags() {
        String out = help("shell").out();

        assertTrue(out.contains("\n\nUsage:\n  coi shell [flags]\n"), out);
        String flags = section(out, "Flags:");
        for (String flag : List.of("--debug", "--background", "--tmux", "-w, --workspace", "--slot", "--persistent",
                "--resume", "--continue", "-e, --env", "--mount", "--network", "--image", "-h, --help")) {
            assertTrue(flags.contains(flag), () -> flag + " is not in Flags:\n" + out);
        }
        assertTrue(section(out, "Global Flags:").contains("--profile"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "persist", "shell"})
    void helpExplainsEphemeralAndPersistentContainers(String command) {
        String description = help(command).out().split("\n\nUsage:\n")[0].toLowerCase(Locale.ROOT);

        assertTrue(description.contains("ephemeral"), description);
        assertTrue(description.contains("persistent"), description);
        assertTrue(description.contains("deleted"), description);
    }

    @Test
    void runHelpShowsTheCommandArgument() {
        String out = help("run").out();

        assertTrue(out.contains("\n\nUsage:\n  coi run [flags] COMMAND...\n"), out);
        assertTrue(section(out, "Flags:").contains("--persistent"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shell", "run", "attach", "list", "info", "clean", "kill", "shutdown", "persist",
        "build", "build custom", "image", "image list", "image publish", "image delete", "image exists",
        "image cleanup", "container", "container launch", "container start", "container stop", "container delete",
        "container exec", "container exists", "container running", "container mount", "file", "file push",
        "file pull", "tmux", "tmux list", "tmux send", "tmux capture", "snapshot", "snapshot create",
        "snapshot list", "snapshot restore", "snapshot delete", "snapshot info", "health", "version", "completion",
        "help"})
    void everyDocumentedCommandTakesDashHAndDashDashHelp(String command) {
        CliRun longFlag = help(command);
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("-h");
        CliRun shortFlag = coi(args.toArray(String[]::new));

        assertTrue(longFlag.out().contains("\n\nUsage:\n  coi " + command + " "), longFlag::toString);
        assertTrue(longFlag.out().contains("\n\nFlags:\n"), longFlag::toString);
        assertEquals(longFlag, shortFlag);
    }

    @Test
    void commandsWithSubcommandsListThemAndSayWhereToReadMore() {
        String out = help("container").out();

        assertTrue(out.contains("\n\nUsage:\n  coi container [command]\n"), out);
        for (String subcommand : List.of("launch", "start", "stop", "delete", "exec", "exists", "running", "mount")) {
            assertTrue(section(out, "Available Commands:").contains("\n  " + subcommand + " "), out);
        }
        assertTrue(out.endsWith("\n\nUse \"coi container [command] --help\" for more information about a command.\n"),
                out);
    }

    @Test
    void helpAloneShowsTheRootHelp() {
        CliRun help = coi("help");

        assertEquals(help(""), help);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shell", "run", "persist", "container", "container exec", "snapshot restore"})
    void helpOfACommandShowsWhatItsHelpFlagShows(String command) {
        List<String> args = new ArrayList<>(List.of("help"));
        args.addAll(List.of(command.split(" ")));

        CliRun help = coi(args.toArray(String[]::new));

        assertEquals(help(command), help);
    }

    /** The body of a section of the help: from its heading to the next blank line. */
    private static String section(String help, String heading) {
        int start = help.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, () -> "no " + heading + " in:\n" + help);
        int end = help.indexOf("\n\n", start + 1);
        return help.substring(start, end < 0 ? help.length() : end + 1);
    }
}
