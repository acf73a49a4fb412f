package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every command shares: help, version, usage errors, where output goes, colors. */
class CliSurfaceTest {

    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"", "version", "plugin", "plugin list", "tool", "tool list", "config", "config show", "container",
        "container launch", "container start", "container stop", "container delete", "container exec",
        "container exists", "container running", "container mount", "file", "file push", "file pull", "image",
        "image list", "image exists", "image delete", "list", "info", "attach", "persist", "shutdown", "kill", "clean",
        "tmux", "tmux list", "tmux send", "tmux capture", "shell", "run"})
    void everyCommandHasHelpOnStdout(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");

        CliRun run = CliRun.of(home, args.toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\n\nUsage:\n  coi" + (command.isEmpty() ? "" : " " + command) + " "),
                run::toString);
        assertEquals("", run.err());
    }

    @Test
    void versionGoesToStdout() {
        CliRun run = CliRun.of(home, "--version");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("coi version "), run::toString);
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestion() {
        CliRun run = CliRun.of(home, "contaner");

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("Error: unknown command \"contaner\" for \"coi\""), run::toString);
        assertTrue(run.err().contains("Did you mean: coi container"), run::toString);
        assertTrue(run.err().contains("Run 'coi --help' for usage."), run::toString);
    }

    @Test
    void helpForAnUnknownCommandIsAUsageErrorNamingIt() {
        CliRun run = CliRun.of(home, "help", "container", "lunch");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("Error: unknown command \"lunch\" for \"coi container\""), run::toString);
        assertTrue(run.err().contains("Did you mean: container launch"), run::toString);
        assertTrue(run.err().contains("Run 'coi container --help' for usage."), run::toString);
    }

    @Test
    void coiAloneStartsASessionLikeCoiShell() {
        CliRun run = CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("no.socket").toString()));

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("Error: Incus is not running or not installed"), run::toString);
    }

    @Test
    void noColorsWhenAskedOrOnADumbTerminal() {
        assertFalse(Terminal.colors(Map.of("NO_COLOR", "1")));
        assertFalse(Terminal.colors(Map.of("TERM", "dumb")));
    }

    @Test
    void withoutIncusTheErrorSaysHowToGetIt() {
        CliRun run = CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("no.socket").toString()),
                "container", "exists", "c1");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("Error: Incus is not running or not installed: no socket at "
                + home.resolve("no.socket")), run::toString);
        assertTrue(run.err().contains("sudo scripts/setup-host.sh"), run::toString);
    }
}
