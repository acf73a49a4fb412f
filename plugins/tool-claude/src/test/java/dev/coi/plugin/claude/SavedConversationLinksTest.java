package dev.coi.plugin.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saved state came out of the container with the links the agent made in it, and a link's target is read on the
 * host. Finding the conversation to resume must not follow one: neither list a host folder nor report a host file
 * as the conversation (its name goes back into the next container as {@code --resume}).
 */
class SavedConversationLinksTest {

    private static final FileTime OLD = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    private static final FileTime NEW = FileTime.from(Instant.parse("2026-06-01T00:00:00Z"));

    private final ClaudeTool tool = new ClaudeTool();

    @TempDir
    Path state;

    @TempDir
    Path host;

    /** A host folder of conversations, as the user's own Claude keeps them. */
    private Path hostConversations;

    @BeforeEach
    void hostFiles() throws Exception {
        hostConversations = Files.createDirectories(host.resolve("-workspace"));
        Files.writeString(hostConversations.resolve("host-secret-project.jsonl"), "{}");
        Files.setLastModifiedTime(hostConversations.resolve("host-secret-project.jsonl"), NEW);
    }

    @Test
    void aConversationFolderThatIsALinkIsNotListed() throws Exception {
        Files.createDirectories(state.resolve("projects"));
        Files.createSymbolicLink(state.resolve("projects/-workspace"), hostConversations);

        assertEquals(Optional.empty(), tool.discoverSessionId(state));
    }

    @Test
    void aProjectsFolderThatIsALinkIsNotFollowed() throws Exception {
        Files.createSymbolicLink(state.resolve("projects"), host);

        assertEquals(Optional.empty(), tool.discoverSessionId(state));
    }

    @Test
    void aStateDirectoryThatIsALinkIsNotFollowed() throws Exception {
        Files.createDirectories(host.resolve("projects"));
        Files.move(hostConversations, host.resolve("projects/-workspace"));

        assertEquals(Optional.empty(), tool.discoverSessionId(Files.createSymbolicLink(state.resolve(".claude"), host)));
    }

    @Test
    void aLinkNamedLikeAConversationIsNotReported() throws Exception {
        Path conversations = Files.createDirectories(state.resolve("projects/-workspace"));
        Files.writeString(conversations.resolve("real.jsonl"), "{}");
        Files.setLastModifiedTime(conversations.resolve("real.jsonl"), OLD);
        Files.createSymbolicLink(conversations.resolve("planted.jsonl"),
                hostConversations.resolve("host-secret-project.jsonl"));

        assertEquals(Optional.of("real"), tool.discoverSessionId(state));
    }

    @Test
    void aLinkToAHostFolderNamedLikeAConversationIsNotReported() throws Exception {
        Path conversations = Files.createDirectories(state.resolve("projects/-workspace"));
        Files.createSymbolicLink(conversations.resolve("planted.jsonl"), hostConversations);

        assertEquals(Optional.empty(), tool.discoverSessionId(state));
    }
}
