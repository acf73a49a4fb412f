package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code coi snapshot}'s command line, up to where it would ask Incus: help and usage errors. */
class SnapshotCommandTest {

    @TempDir
    Path home;

    /** Nothing listens there, so a run that got past the checks would fail differently. */
    private CliRun coi(String... args) {
        return CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("no-incus.socket").toString()), args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"snapshot", "snapshot create", "snapshot list", "snapshot restore", "snapshot delete",
        "snapshot info"})
    void everySubcommandHasHelp(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");

        CliRun run = coi(args.toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\n\nUsage:\n  coi " + command + " "), run::toString);
    }

    @Test
    void deleteWithoutANameOrAllIsAUsageError() {
        CliRun run = coi("snapshot", "delete");

        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertEquals("Error: give a snapshot name or --all - 'coi snapshot list' shows the snapshots\n", run.err());
    }

    @Test
    void deleteWithANameAndAllIsAUsageError() {
        assertEquals(ExitCodes.USAGE, coi("snapshot", "delete", "x", "--all").exitCode());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CliRun run = coi("snapshot", "list", "--format", "xml");

        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertEquals("Error: invalid format 'xml': must be 'text' or 'json'\n", run.err());
    }

    @Test
    void listTakesAContainerOrAllNotBoth() {
        assertEquals(ExitCodes.USAGE, coi("snapshot", "list", "--all", "-c", "coi-abc-1").exitCode());
    }

    @Test
    void restoreNeedsAName() {
        assertEquals(ExitCodes.USAGE, coi("snapshot", "restore").exitCode());
    }
}
