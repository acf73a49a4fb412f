package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.manage.SavedSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedSessionsCheckTest {

    @TempDir
    Path coiHome;

    private HealthResult check() {
        NoHost host = new NoHost(Map.of());
        return new SavedSessionsCheck(new SavedSessions(coiHome)).run(host, host);
    }

    private Path session(String tool, String id, int stateBytes) throws IOException {
        Path folder = Files.createDirectories(coiHome.resolve("sessions-" + tool).resolve(id));
        Files.write(folder.resolve("metadata.json"), new SessionMetadata(id, "coi-abc-1", false, "/w",
                OffsetDateTime.parse("2026-11-27T06:00:00Z"), tool, "coi").toJson());
        Files.createDirectories(folder.resolve(".state"));
        Files.write(folder.resolve(".state/history"), new byte[stateBytes]);
        return folder;
    }

    @Test
    void noSessionsIsFine() {
        assertEquals(Status.OK, check().status());
        assertEquals("0 sessions", check().message());
    }

    @Test
    void sessionsAreCountedAndSizedPerTool() throws IOException {
        session("claude", "s1", 2048);
        session("claude", "s2", 0);
        session("aider", "s3", 10);

        HealthResult result = check();

        assertEquals(Status.OK, result.status(), result::toString);
        assertTrue(result.message().matches("3 sessions \\(aider: 1, \\d+ B; claude: 2, \\d\\.\\d KiB\\)"),
                result.message());
    }

    @Test
    void unreadableMetadataWarnsWithThePath() throws IOException {
        session("claude", "s1", 10);
        Path broken = session("claude", "s2", 10);
        Files.writeString(broken.resolve("metadata.json"), "{not json");

        HealthResult result = check();

        assertEquals(Status.WARNING, result.status());
        assertTrue(result.message().startsWith("2 sessions (claude: 2, "), result.message());
        assertTrue(result.message().contains("; 1 cannot be resumed: " + broken + " (metadata.json cannot be read"),
                result.message());
        assertTrue(result.fix().startsWith("repair or move away the metadata.json named"), result.fix());
    }
}
