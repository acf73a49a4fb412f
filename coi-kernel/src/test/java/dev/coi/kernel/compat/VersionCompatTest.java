package dev.coi.kernel.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.BuildInfo;
import dev.coi.kernel.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coi version}, {@code --version} and {@code -v} (reference-behaviour.md §1). */
class VersionCompatTest {

    @TempDir
    java.nio.file.Path home;

    @Test
    void versionPrintsNameWithVersionThenTheRepositoryUrlOnStdout() {
        CliRun run = CliRun.of(home, "version");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("code-on-incus (coi) v" + BuildInfo.current().version()
                + "\nhttps://github.com/mensfeld/code-on-incus\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void wordsAfterVersionAreIgnored() {
        CliRun run = CliRun.of(home, "version", "extra", "words");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(CliRun.of(home, "version").out(), run.out());
    }

    @Test
    void dashVAndDashDashVersionPrintCoiVersionAndTheVersion() {
        CliRun longOption = CliRun.of(home, "--version");
        CliRun shortOption = CliRun.of(home, "-v");

        assertEquals(0, shortOption.exitCode(), shortOption::toString);
        assertTrue(longOption.out().startsWith("coi version " + BuildInfo.current().version()), longOption::toString);
        assertEquals(longOption, shortOption);
    }

    @Test
    void dashVBeforeACommandIsRefusedNotHandedOn() {
        CliRun run = CliRun.of(home, "-v", "health");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("Error: -v goes with coi alone, not with a command"), run::toString);
    }

    @Test
    void dashVOfASubcommandKeepsItsOwnMeaning() {
        CliRun run = CliRun.of(home, "health", "-v", "--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("--verbose"), run::toString);
    }
}
