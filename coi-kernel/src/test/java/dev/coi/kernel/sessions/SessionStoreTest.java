package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {

    @TempDir
    Path coiHome;

    private SessionStore store() {
        return new SessionStore(coiHome, "claude");
    }

    private static SessionMetadata metadata(String id, String workspace, String savedAt) {
        return new SessionMetadata(id, "coi-12345678-1", false, workspace, OffsetDateTime.parse(savedAt), "claude",
                "coi");
    }

    @Test
    void keepsTheSessionsOfEachToolInTheirOwnFolder() {
        assertEquals(coiHome.resolve("sessions-claude"), store().directory());
        assertEquals(coiHome.resolve("sessions-claude/abc"), store().sessionDirectory("abc"));
    }

    @Test
    void writesMetadataThatReadsBackTheSame() throws Exception {
        SessionMetadata written = metadata("s-1", "/home/u/project", "2026-01-31T10:00:00+01:00");
        store().writeMetadata(written);

        SavedSession found = store().find("s-1").orElseThrow();
        assertEquals(Optional.of(written), found.metadata());
        assertEquals(Optional.empty(), found.problem());
        assertFalse(found.hasState());
        assertEquals(Optional.of(Instant.parse("2026-01-31T09:00:00Z")), found.savedAt());
        String json = Files.readString(store().sessionDirectory("s-1").resolve("metadata.json"));
        assertTrue(json.contains("\"saved_at\" : \"2026-01-31T10:00:00+01:00\""), json);
        assertTrue(json.contains("\"container_name\" : \"coi-12345678-1\""), json);
    }

    @Test
    void keepsSavedSessionsForTheUserAlone() throws Exception {
        Files.setPosixFilePermissions(coiHome, PosixFilePermissions.fromString("rwxr-xr-x"));

        store().writeMetadata(metadata("s-1", "/w", "2026-01-31T10:00:00Z"));

        Path folder = store().sessionDirectory("s-1");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(coiHome)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                folder.resolve("metadata.json"))));
    }

    @Test
    void leavesNoTemporaryFileBehind() throws Exception {
        store().writeMetadata(metadata("s-1", "/w", "2026-01-31T10:00:00Z"));
        store().writeMetadata(metadata("s-1", "/w", "2026-01-31T11:00:00Z"));

        try (Stream<Path> files = Files.list(store().sessionDirectory("s-1"))) {
            assertEquals(List.of("metadata.json"), files.map(file -> file.getFileName().toString()).toList());
        }
    }

    @Test
    void escapesWhatWouldBreakHandWrittenJson() throws Exception {
        SessionMetadata odd = metadata("s-1", "/home/u/a \"quoted\\ dir", "2026-01-31T10:00:00Z");
        store().writeMetadata(odd);

        assertEquals(Optional.of(odd), store().find("s-1").orElseThrow().metadata());
    }

    @Test
    void readsTheReferenceToolsMetadataAndIgnoresUnknownFields() throws Exception {
        Path folder = Files.createDirectories(store().directory().resolve("ref-1"));
        Files.writeString(folder.resolve("metadata.json"), """
                {
                  "session_id": "ref-1",
                  "container_name": "coi-9dad1e4e-1",
                  "persistent": true,
                  "workspace": "/abs/ws",
                  "saved_at": "2026-01-31T10:00:00+01:00",
                  "future_field": {"x": 1}
                }
                """);
        Files.createDirectory(folder.resolve(".claude"));

        SavedSession session = store().find("ref-1").orElseThrow();
        SessionMetadata metadata = session.metadata().orElseThrow();
        assertTrue(metadata.persistent());
        assertEquals("/abs/ws", metadata.workspace());
        assertEquals("", metadata.tool());
        assertTrue(session.hasState());
    }

    @Test
    void listsAFolderWithBrokenMetadataWithItsProblemAndKeepsIt() throws Exception {
        Path broken = Files.createDirectories(store().directory().resolve("broken"));
        Files.writeString(broken.resolve("metadata.json"), "{\"session_id\": ");
        Files.createDirectories(store().directory().resolve("bare"));

        List<SavedSession> sessions = store().list();

        assertEquals(2, sessions.size());
        SavedSession first = sessions.stream().filter(s -> s.id().equals("broken")).findFirst().orElseThrow();
        assertTrue(first.metadata().isEmpty());
        assertTrue(first.problem().orElseThrow().startsWith("metadata.json cannot be read"), first.problem().get());
        SavedSession bare = sessions.stream().filter(s -> s.id().equals("bare")).findFirst().orElseThrow();
        assertEquals(Optional.of("metadata.json is missing"), bare.problem());
        assertTrue(Files.exists(broken.resolve("metadata.json")));
    }

    @Test
    void listsTheNewestFirstUsingTheFolderTimeWhenMetadataIsMissing() throws Exception {
        store().writeMetadata(metadata("old", "/w", "2026-01-01T10:00:00Z"));
        store().writeMetadata(metadata("new", "/w", "2026-03-01T10:00:00Z"));
        Path bare = Files.createDirectories(store().directory().resolve("middle"));
        Files.setLastModifiedTime(bare, FileTime.from(Instant.parse("2026-02-01T10:00:00Z")));

        assertEquals(List.of("new", "middle", "old"), store().list().stream().map(SavedSession::id).toList());
    }

    @Test
    void skipsWorkInProgressAndPlainFiles() throws Exception {
        store().writeMetadata(metadata("s-1", "/w", "2026-01-01T10:00:00Z"));
        Files.createDirectories(store().directory().resolve(".coi-deleting-x"));
        Files.writeString(store().directory().resolve("notes.txt"), "");

        assertEquals(List.of("s-1"), store().list().stream().map(SavedSession::id).toList());
    }

    @Test
    void findsTheNewestSessionOfTheSameWorkspaceOnly(@TempDir Path workspaces) throws Exception {
        Path project = workspaces.resolve("project");
        store().writeMetadata(metadata("mine-old", project.toString(), "2026-01-01T10:00:00Z"));
        store().writeMetadata(metadata("mine-new", project.toString(), "2026-02-01T10:00:00Z"));
        store().writeMetadata(metadata("other", workspaces.resolve("project2").toString(), "2026-03-01T10:00:00Z"));

        assertEquals("mine-new", store().newestFor(project.resolve("sub/..")).orElseThrow().id());
        assertEquals(Optional.empty(), store().newestFor(workspaces.resolve("elsewhere")));
    }

    @Test
    void rejectsIdsThatAreNotPlainNames() {
        for (String bad : List.of("", "..", ".", "../x", "a/b", ".hidden", "x y")) {
            assertThrows(CoiException.class, () -> store().sessionDirectory(bad), bad);
            assertThrows(CoiException.class, () -> store().find(bad), bad);
        }
    }

    @Test
    void findsNothingWhenThereIsNoSuchSessionOrNoStoreYet() {
        assertEquals(List.of(), store().list());
        assertEquals(Optional.empty(), store().find("missing"));
    }

    @Test
    void deletesASessionWithReadOnlyFolders() throws Exception {
        store().writeMetadata(metadata("s-1", "/w", "2026-01-01T10:00:00Z"));
        Path locked = Files.createDirectories(store().sessionDirectory("s-1").resolve(".claude/locked"));
        Files.writeString(locked.resolve("f"), "x");
        Files.setAttribute(locked, "unix:mode", 0500);

        store().delete("s-1");
        store().delete("s-1");

        assertFalse(Files.exists(store().sessionDirectory("s-1")));
        try (Stream<Path> left = Files.list(store().directory())) {
            assertEquals(0, left.count());
        }
    }
}
