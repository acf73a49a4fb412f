package dev.coi.plugin.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.ToolLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeToolTest {

    private final ClaudeTool tool = new ClaudeTool();

    @Test
    void newSessionHandsTheCoiSessionIdToClaude() {
        assertEquals(List.of("claude", "--verbose", "--permission-mode", "bypassPermissions", "--session-id", "abc"),
                tool.commandLine(ToolLaunch.fresh("abc")));
    }

    @Test
    void resumedSessionNamesTheConversationWhenKnown() {
        assertEquals(List.of("claude", "--verbose", "--permission-mode", "bypassPermissions", "--resume", "conv-1"),
                tool.commandLine(ToolLaunch.resumed("abc", Optional.of("conv-1"))));
        assertEquals(List.of("claude", "--verbose", "--permission-mode", "bypassPermissions", "--resume"),
                tool.commandLine(ToolLaunch.resumed("abc", Optional.empty())));
    }

    @Test
    void discoversTheMostRecentlyWrittenConversation(@TempDir Path state) throws Exception {
        Path conversations = Files.createDirectories(state.resolve("projects/-workspace"));
        Files.writeString(conversations.resolve("aaa.jsonl"), "{}");
        Files.writeString(conversations.resolve("bbb.jsonl"), "{}");
        Files.writeString(conversations.resolve("notes.txt"), "");
        Files.setLastModifiedTime(conversations.resolve("aaa.jsonl"), FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
        Files.setLastModifiedTime(conversations.resolve("bbb.jsonl"), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

        assertEquals(Optional.of("aaa"), tool.discoverSessionId(state));
    }

    @Test
    void findsNoConversationInEmptyState(@TempDir Path state) {
        assertEquals(Optional.empty(), tool.discoverSessionId(state));
    }
}
