package dev.coi.kernel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.PortException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessHostCommandsTest {

    private final ProcessHostCommands host = new ProcessHostCommands();

    @Test
    void recordsOutputAndExitCode() {
        CommandResult result = host.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));

        assertEquals(new CommandResult(3, "out\n", "err\n"), result);
    }

    @Test
    void aMissingProgramExitsWith127() {
        CommandResult result = host.run(List.of("no-such-program-coi-test"), Duration.ofSeconds(10));

        assertEquals(127, result.exitCode());
        assertTrue(result.stderr().contains("no-such-program-coi-test"), result.stderr());
    }

    @Test
    void aCommandThatTakesTooLongIsKilled() {
        PortException e = assertThrows(PortException.class,
                () -> host.run(List.of("sleep", "30"), Duration.ofMillis(300)));

        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }
}
