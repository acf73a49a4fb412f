package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel is made for every command line, with its choices, but loads the configuration only when a command asks:
 * commands that need none work with a broken config file and say nothing about it.
 */
class ConfigFreeCommandsTest {

    @TempDir
    Path home;

    @BeforeEach
    void breakTheConfig() throws Exception {
        Files.writeString(home.resolve(".coi.toml"), "[limits\ncpu = \n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "version", "completion bash", "--profile rust --version"})
    void aCommandThatNeedsNoConfigurationLoadsNone(String args) {
        CliRun run = CliRun.of(home, args.split(" "));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void aCommandThatNeedsItFindsTheBrokenFile() {
        CliRun run = CliRun.of(home, "config", "show");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains(".coi.toml"), run::toString);
    }
}
