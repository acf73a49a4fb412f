package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

    @TempDir
    Path home;

    @Test
    void showsEveryValueWithItsOrigin() throws Exception {
        Files.writeString(home.resolve(".coi.toml"), """
                [network]
                mode = "open"
                [profiles.rust]
                image = "coi-rust"
                """);

        CliRun run = CliRun.of(home, "config", "show", "--origin", "--profile", "rust");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("mode = \"open\""), run::toString);
        assertTrue(run.out().lines().anyMatch(line -> line.startsWith("image = \"coi-rust\"")
                && line.contains("# profile rust (from " + home.resolve(".coi.toml") + ")")), run::toString);
        assertTrue(run.out().lines().anyMatch(line -> line.startsWith("block_private_networks = true")
                && line.endsWith("# default")), run::toString);
    }

    @Test
    void aProfileGivenBeforeTheSubcommandCountsToo() throws Exception {
        Files.writeString(home.resolve(".coi.toml"), "[profiles.rust]\nimage = \"coi-rust\"\n");

        CliRun run = CliRun.of(home, "--profile", "rust", "config", "show", "--format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"coi-rust\""), run::toString);
    }

    @Test
    void aBadValueNamesFileLineAndColumnAndExitsWithTwo() throws Exception {
        Files.writeString(home.resolve(".coi.toml"), "[network]\nmode = \"closed\"\nmodee = 1\n");

        CliRun run = CliRun.of(home, "config", "show");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().contains(home.resolve(".coi.toml") + ":3:1: unknown key network.modee (did you mean network.mode?)"),
                run::toString);
        assertTrue(run.err().contains(home.resolve(".coi.toml") + ":2:1: network.mode: got \"closed\""), run::toString);
    }

    @Test
    void anUnknownProfileListsTheDefinedOnes() throws Exception {
        Files.writeString(home.resolve(".coi.toml"), "[profiles.rust]\nimage = \"coi-rust\"\n");

        CliRun run = CliRun.of(home, "config", "show", "--profile", "nope");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("profile \"nope\" is not defined; defined profiles: rust"), run::toString);
    }
}
