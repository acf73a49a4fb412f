package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.incus.AnsweringIncus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coi network show} on the whole command line, with an Incus in memory: the errors, which come before any
 * network backend is asked (the bundled firewalld backend would ask this host's firewall; NetworkViewsTest shows
 * what the command prints).
 */
class NetworkCommandTest {

    private static final String CONTAINER = "coi-ab12cd34-1";

    @TempDir
    Path home;

    private AnsweringIncus incus;

    @BeforeEach
    void anIncusWithOneContainer() throws IOException {
        incus = AnsweringIncus.listen(home.resolve("incus.socket"))
                .get("/1.0/instances/" + CONTAINER, "{\"name\":\"" + CONTAINER + "\",\"type\":\"container\","
                        + "\"status\":\"Running\",\"config\":{}}");
    }

    @AfterEach
    void stop() throws IOException {
        incus.close();
    }

    private CliRun coi(String... args) {
        return CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("incus.socket").toString()), args);
    }

    @Test
    void aContainerThatDoesNotExistIsAnErrorNamingIt() {
        CliRun run = coi("network", "show", "coi-nothere-1");

        assertEquals(ExitCodes.FAILURE, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals("Error: no container coi-nothere-1: 'coi list' shows the session containers\n", run.err());
    }

    @Test
    void aContainerWithoutARecordIsAnErrorSayingItIsNotFiltered() {
        CliRun run = coi("network", "show", CONTAINER, "--format", "json");

        assertEquals(ExitCodes.FAILURE, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("Error: container " + CONTAINER + " has no coi network record in "),
                run::toString);
    }

    @Test
    void helpSaysWhatItShowsAndWhenItExitsWithOne() {
        CliRun run = coi("network", "show", "--help");

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\n\nUsage:\n  coi network show "), run::toString);
        assertTrue(run.out().contains("Exits with 1 when the backend's rules do not match the record"), run::toString);
    }

    @Test
    void wrongUseIsAUsageError() {
        for (String[] args : List.of(new String[] {"network", "show"},
                new String[] {"network", "show", CONTAINER, "--format", "yaml"})) {
            CliRun run = coi(args);

            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertEquals("", run.out());
            assertTrue(run.err().startsWith("Error: "), run::toString);
        }
    }
}
