package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsDirectoryCheckTest {

    @TempDir
    Path root;

    private HealthResult check(Map<String, String> settings, Predicate<Path> writable) {
        NoHost host = new NoHost(Map.of(), settings);
        return new SessionsDirectoryCheck(root.resolve(".coi"), writable).run(host, host);
    }

    @Test
    void theConfiguredToolsFolderIsChecked() throws IOException {
        Path folder = Files.createDirectories(root.resolve(".coi/sessions-aider"));

        assertEquals(HealthResult.ok(folder + " (writable)"), check(Map.of("tool.name", "aider"), path -> true));
    }

    @Test
    void aFolderNotMadeYetIsFine() {
        HealthResult result = check(Map.of(), path -> true);

        assertEquals(HealthResult.ok(root.resolve(".coi/sessions-claude") + " does not exist yet; coi makes it when it"
                + " saves the first session"), result);
    }

    @Test
    void aFolderCoiCannotWriteFailsAndSaysToTakeItBack() throws IOException {
        Path folder = Files.createDirectories(root.resolve(".coi/sessions-claude"));

        HealthResult result = check(Map.of(), path -> !path.equals(folder));

        assertEquals(Status.FAILED, result.status());
        assertEquals("coi cannot save claude sessions: " + folder + " is not writable", result.message());
        assertEquals("give it back to yourself: sudo chown -R \"$USER\" " + root.resolve(".coi"), result.fix());
    }

    @Test
    void aFolderThatCannotBeMadeFails() {
        HealthResult result = check(Map.of(), path -> false);

        assertEquals(Status.FAILED, result.status());
        assertEquals(root.resolve(".coi/sessions-claude") + " does not exist and cannot be made", result.message());
    }
}
