package dev.coi.kernel.sessions.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SavedSession;
import dev.coi.kernel.sessions.SessionMetadata;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which saved sessions {@code coi clean --sessions} may offer to delete. */
class SessionOrphansTest {

    private static SavedSessions.ToolSession session(String id, String containerName) {
        Optional<SessionMetadata> metadata = containerName == null ? Optional.empty()
                : Optional.of(new SessionMetadata(id, containerName, false, "/ws", OffsetDateTime.now(), "claude", "coi"));
        return new SavedSessions.ToolSession("claude", new SavedSession(id, Path.of("/sessions", id), metadata,
                metadata.isPresent() ? Optional.empty() : Optional.of("metadata.json is missing"), true));
    }

    private static Instance instance(String name, String status, Map<String, String> config) {
        return new Instance(name, "container", status, false, config, Map.of(), Map.of(), Map.of(), List.of(), null,
                null, null);
    }

    @Test
    void aSessionIsInUseWhileAContainerCarriesItsId() {
        var running = session("a", "coi-11111111-1");
        var stopped = session("b", "coi-11111111-2");
        var gone = session("c", "coi-11111111-3");
        var withoutMetadata = session("d", null);

        List<SavedSessions.ToolSession> orphans = SessionOrphans.among(List.of(running, stopped, gone, withoutMetadata),
                List.of(instance("coi-11111111-1", "Running", Map.of("user.coi.session", "a")),
                        instance("other-name", "Stopped", Map.of("user.coi.session", "b"))));

        assertEquals(List.of(gone, withoutMetadata), orphans);
    }

    @Test
    void aNewSessionInAReusedContainerNameDoesNotKeepTheOldOne() {
        var old = session("old", "coi-11111111-1");

        List<SavedSessions.ToolSession> orphans = SessionOrphans.among(List.of(old),
                List.of(instance("coi-11111111-1", "Running", Map.of("user.coi.session", "new"))));

        assertEquals(List.of(old), orphans);
    }

    @Test
    void aContainerWithoutLabelsKeepsTheSessionsThatNameIt() {
        var reference = session("r", "coi-11111111-1");

        assertEquals(List.of(), SessionOrphans.among(List.of(reference),
                List.of(instance("coi-11111111-1", "Stopped", Map.of()))));
    }
}
