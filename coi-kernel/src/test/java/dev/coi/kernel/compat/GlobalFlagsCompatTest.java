package dev.coi.kernel.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CliRun;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's global session flags given before the command (reference-behaviour.md §1, §1.1): honoured by the
 * commands that take them, refused with a clear error elsewhere, never dropped. No Incus: each case ends at a check
 * coi makes before it talks to Incus.
 */
class GlobalFlagsCompatTest {

    @TempDir
    java.nio.file.Path home;

    private CliRun coi(String... args) {
        return CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("no.socket").toString()), args);
    }

    @Test
    void slotBeforeShellIsHonouredAsShellSlot() {
        CliRun run = coi("--slot", "101", "shell");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("invalid --slot 101"), run::toString);
    }

    @Test
    void workspaceBeforeShellIsHonouredAsShellWorkspace() {
        CliRun run = coi("--workspace", home.resolve("missing").toString(), "shell");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("workspace " + home.resolve("missing") + " is not a directory"), run::toString);
    }

    @Test
    void slotBeforeRunIsHonouredAsRunSlot() {
        CliRun run = coi("--slot", "101", "run", "--", "true");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("invalid --slot 101"), run::toString);
    }

    @Test
    void sessionFlagBeforeACommandThatTakesNoneIsAUsageErrorNotIgnored() {
        CliRun run = coi("--persistent", "list");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("Error: --persistent was given before 'list', which takes no such flag"),
                run::toString);
        assertTrue(run.err().contains("Run 'coi list --help' for usage."), run::toString);
    }

    @Test
    void shellOnlyFlagsAreNotAcceptedOnRoot() {
        for (String flag : new String[] {"--debug", "--background", "--tmux"}) {
            CliRun run = coi(flag, "shell");
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.err().contains("Unknown option: '" + flag + "'"), run::toString);
        }
    }
}
