package dev.coi.kernel.sessions.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved sessions of every tool, as {@code coi list --all} and {@code coi info} see them. */
class SavedSessionsTest {

    @TempDir
    Path coiHome;

    private void save(String tool, String id, String savedAt) throws Exception {
        new SessionStore(coiHome, tool).writeMetadata(new SessionMetadata(id, "coi-11111111-1", false, "/ws",
                OffsetDateTime.parse(savedAt), tool, "coi"));
    }

    @Test
    void everyToolsSessionsNewestFirst() throws Exception {
        save("claude", "c-old", "2026-01-01T10:00:00Z");
        save("aider", "a-mid", "2026-01-02T10:00:00Z");
        save("claude", "c-new", "2026-01-03T10:00:00+01:00");
        Files.createDirectories(coiHome.resolve("sessions/unused"));

        SavedSessions saved = new SavedSessions(coiHome);

        assertEquals(List.of("c-new", "a-mid", "c-old"), saved.list().stream().map(SavedSessions.ToolSession::id).toList());
        assertEquals(List.of("aider", "claude", "claude"),
                saved.list().stream().map(SavedSessions.ToolSession::tool).sorted().toList());
        assertEquals("c-new", saved.newest().orElseThrow().id());
        assertEquals("aider", saved.find("a-mid").orElseThrow().tool());
        assertTrue(saved.find("missing").isEmpty());
    }

    @Test
    void noCoiHomeMeansNoSessions() {
        SavedSessions saved = new SavedSessions(coiHome.resolve("missing"));

        assertEquals(List.of(), saved.list());
        assertTrue(saved.newest().isEmpty());
    }

    @Test
    void theSizeCountsRegularFilesOnly() throws Exception {
        Path state = Files.createDirectories(coiHome.resolve("s/.claude/projects"));
        Files.writeString(state.resolve("a.jsonl"), "12345");
        Files.writeString(state.getParent().resolve("b"), "123");
        Files.createSymbolicLink(state.resolve("link"), Path.of("/etc/hostname"));

        assertEquals(8, SavedSessions.size(coiHome.resolve("s/.claude")));
        assertEquals(0, SavedSessions.size(coiHome.resolve("none")));
    }
}
