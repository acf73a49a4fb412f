package dev.coi.kernel.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.SocketLocation;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.sessions.ContainerNames;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the service decides before it asks Incus anything. */
class SnapshotServiceTest {

    private static final Progress SILENT = new Progress() {
        @Override
        public void step(String message) {
        }

        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };

    @TempDir
    Path home;

    private SnapshotService service(Clock clock) {
        // nothing listens there: a test that reached Incus would fail
        IncusClient nowhere = new IncusClient(SocketLocation.of(home.resolve("no-incus.socket")), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        return new SnapshotService(nowhere, () -> new PluginRegistry(List.of(), List.of()), home,
                new ContainerNames("coi-"), new StatefulSupport(() -> true, () -> true), SILENT, clock);
    }

    @Test
    void theDefaultNameIsTheLocalTimeToTheSecond() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T23:04:05.9Z"), ZoneId.of("Europe/Berlin"));
        assertEquals("snap-20261128-000405", service(clock).defaultName());
    }

    @Test
    void aNameThatIsNoPlainFolderNameIsAUsageError() {
        for (String name : List.of("../x", "a/b", ".hidden", "", "with space", "x".repeat(64))) {
            CoiException error = assertThrows(CoiException.class,
                    () -> service(Clock.systemDefaultZone()).create("coi-abc-1", name, false), name);
            assertEquals(ExitCodes.USAGE, error.exitCode(), name);
        }
    }
}
