package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code coi shell --count N} refuses, before it looks for Incus. */
class ShellCountTest {

    @TempDir
    Path home;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "shell --count 3                         | --count starts sessions without attaching to them: add --background",
        "shell --count=3 --persistent            | add --background",
        "shell --background --count 0            | invalid --count 0: start 1 to 100 sessions at once",
        "shell --background --count 101          | invalid --count 101: start 1 to 100 sessions at once",
        "shell --background --count 2 --slot 3   | --slot names one container, and --count starts each session in a"
                + " free slot: leave out --slot",
        "shell --background --count 2 --resume   | --resume continues one saved session, and --count starts new ones",
        "shell --background --count 2 --resume=x | leave out --resume",
        "shell --background --count 2 --tmux=false | --background needs tmux",
        "shell --background --count many         | --count",
    })
    void isAUsageError(String command, String said) {
        CliRun run = CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("no.socket").toString()),
                command.split(" "));

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("Error: "), run::toString);
        assertTrue(run.err().contains(said), run::toString);
        assertEquals("", run.out());
    }
}
