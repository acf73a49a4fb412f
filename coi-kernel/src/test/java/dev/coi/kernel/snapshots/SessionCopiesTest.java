package dev.coi.kernel.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.SessionStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host copies of saved sessions taken with snapshots, and putting one back as the saved session. */
class SessionCopiesTest {

    private static final Instant TAKEN = Instant.parse("2026-11-27T06:00:00.123456789Z");
    private static final OffsetDateTime SAVED = OffsetDateTime.parse("2026-11-27T07:00:00+01:00");
    private static final String ID = "f0b4644a-5624-49aa-ba30-e7a0d566cd23";

    @TempDir
    Path coiHome;

    private SessionCopies copies() {
        return new SessionCopies(coiHome);
    }

    private SessionCopy staged(SessionCopies copies, String snapshot, String conversation) throws Exception {
        Path staging = copies.stage("coi-abc-1");
        Path projects = Files.createDirectories(staging.resolve(".claude/projects"));
        Files.writeString(projects.resolve("c.jsonl"), conversation);
        SessionCopy copy = new SessionCopy(copies.folder("coi-abc-1", snapshot), "coi-abc-1", snapshot, TAKEN, ID,
                "claude", ".claude", SAVED);
        assertEquals(Optional.empty(), copies.commit(staging, copy));
        return copy;
    }

    @Test
    void aCommittedCopyIsFoundOnlyForTheSnapshotItWasTakenWith() throws Exception {
        SessionCopies copies = copies();
        SessionCopy copy = staged(copies, "first", "turn-1\n");

        assertEquals(Optional.of(copy), copies.of("coi-abc-1", "first", TAKEN));
        assertEquals(Optional.empty(), copies.of("coi-abc-1", "first", TAKEN.plusSeconds(1)));
        assertEquals(Optional.empty(), copies.of("coi-abc-1", "second", TAKEN));
        assertEquals("turn-1\n", Files.readString(copy.state().resolve("projects/c.jsonl")));
        try (Stream<Path> left = Files.list(coiHome.resolve("snapshots/coi-abc-1"))) {
            assertEquals(List.of("first"), left.map(path -> path.getFileName().toString()).toList());
        }
    }

    @Test
    void aCopyOfAGoneSnapshotOfTheSameNameIsMovedAsideNotDeleted() throws Exception {
        SessionCopies copies = copies();
        staged(copies, "first", "old\n");
        Path staging = copies.stage("coi-abc-1");
        Files.createDirectories(staging.resolve(".claude"));
        SessionCopy newer = new SessionCopy(copies.folder("coi-abc-1", "first"), "coi-abc-1", "first",
                TAKEN.plusSeconds(60), ID, "claude", ".claude", SAVED);

        Path aside = copies.commit(staging, newer).orElseThrow();

        assertEquals("old\n", Files.readString(aside.resolve(".claude/projects/c.jsonl")));
        assertTrue(aside.startsWith(coiHome.resolve("snapshots/.replaced")), aside::toString);
        assertEquals(Optional.of(newer), copies.of("coi-abc-1", "first", TAKEN.plusSeconds(60)));
    }

    @Test
    void deletingACopyLeavesNoEmptyContainerFolder() throws Exception {
        SessionCopies copies = copies();
        SessionCopy copy = staged(copies, "first", "turn-1\n");

        copies.delete(copy.directory());

        assertFalse(Files.exists(coiHome.resolve("snapshots/coi-abc-1")));
    }

    @Test
    void copiesOfContainersThatAreGoneAreOrphans() throws Exception {
        SessionCopies copies = copies();
        staged(copies, "first", "turn-1\n");
        Files.createDirectories(coiHome.resolve("snapshots/.replaced/x"));

        assertEquals(List.of(), copies.orphans(Set.of("coi-abc-1")));
        assertEquals(List.of(coiHome.resolve("snapshots/coi-abc-1")), copies.orphans(Set.of("coi-abc-2")));
    }

    @Test
    void restoringMakesTheSavedSessionTheCopyAndKeepsTheOneItReplaces() throws Exception {
        SessionCopies copies = copies();
        SessionCopy copy = staged(copies, "first", "turn-1\n");
        SessionStore store = new SessionStore(coiHome, "claude");
        SessionMetadata metadata = new SessionMetadata(ID, "coi-abc-1", true, "/w", SAVED, "claude", "coi");
        store.writeMetadata(metadata.savedAt(SAVED.plusHours(1)));
        Path current = Files.createDirectories(store.sessionDirectory(ID).resolve(".claude/projects"));
        Files.writeString(current.resolve("c.jsonl"), "turn-1\nturn-2\n");
        Files.writeString(current.resolve("d.jsonl"), "later\n");

        Path replaced = new SavedSessionReplacement(copies, coiHome).apply(copy, metadata).orElseThrow();

        Path session = store.sessionDirectory(ID);
        assertEquals("turn-1\n", Files.readString(session.resolve(".claude/projects/c.jsonl")));
        assertFalse(Files.exists(session.resolve(".claude/projects/d.jsonl")));
        assertEquals(metadata, store.find(ID).orElseThrow().metadata().orElseThrow());
        assertEquals("turn-1\nturn-2\n", Files.readString(replaced.resolve(".claude/projects/c.jsonl")));
        assertEquals("later\n", Files.readString(replaced.resolve(".claude/projects/d.jsonl")));
        assertEquals(List.of(ID), store.list().stream().map(saved -> saved.id()).toList());
    }

    @Test
    void aRestoreThatCannotCopyLeavesTheSavedSessionAsItWas() throws Exception {
        SessionCopies copies = copies();
        SessionCopy copy = staged(copies, "first", "turn-1\n");
        SessionStore store = new SessionStore(coiHome, "claude");
        SessionMetadata metadata = new SessionMetadata(ID, "coi-abc-1", true, "/w", SAVED, "claude", "coi");
        store.writeMetadata(metadata);
        Files.writeString(Files.createDirectories(store.sessionDirectory(ID).resolve(".claude")).resolve("c.jsonl"),
                "current\n");
        SessionCopy broken = new SessionCopy(copy.directory(), copy.container(), copy.snapshot(), TAKEN, ID, "claude",
                ".missing", SAVED);

        assertThrows(NoSuchFileException.class, () -> new SavedSessionReplacement(copies, coiHome).apply(broken, metadata));

        assertEquals("current\n", Files.readString(store.sessionDirectory(ID).resolve(".claude/c.jsonl")));
        try (Stream<Path> entries = Files.list(store.directory())) {
            assertEquals(List.of(ID), entries.map(path -> path.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(coiHome.resolve("snapshots/.replaced")));
    }
}
