package dev.coi.kernel.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A declared tool's session id: the newest file matching the glob in the saved state, without its extension. */
class SessionIdGlobTest {

    @TempDir
    Path state;

    private void file(String path, long secondsAgo) throws IOException {
        Path file = state.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
    }

    @Test
    void theNewestMatchingFileNamesTheSession() throws Exception {
        file("projects/-workspace/old-one.jsonl", 60);
        file("projects/-workspace/new-one.jsonl", 5);
        file("projects/-workspace/newer-but-other.txt", 1);
        file("projects/-other/newest-elsewhere.jsonl", 0);

        assertEquals(Optional.of("new-one"), new SessionIdGlob("projects/-workspace/*.jsonl").newest(state));
    }

    @Test
    void onlyTheLastExtensionIsRemoved() throws Exception {
        file("sessions/2026.11.27.json", 0);

        assertEquals(Optional.of("2026.11.27"), new SessionIdGlob("sessions/*.json").newest(state));
    }

    @Test
    void noMatchOrNoStateIsNoId() throws Exception {
        file("sessions/a.txt", 0);

        assertEquals(Optional.empty(), new SessionIdGlob("sessions/*.json").newest(state));
        assertEquals(Optional.empty(), new SessionIdGlob("*.json").newest(state.resolve("missing")));
    }

    @Test
    void aLinkIsNotFollowedOutOfTheSavedState(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("secret.json"), "x");
        Files.createDirectories(state.resolve("sessions"));
        Files.createSymbolicLink(state.resolve("sessions/link.json"), outside.resolve("secret.json"));

        assertEquals(Optional.empty(), new SessionIdGlob("sessions/*.json").newest(state));
    }
}
