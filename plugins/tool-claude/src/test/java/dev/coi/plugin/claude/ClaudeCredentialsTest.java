package dev.coi.plugin.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.ToolFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ClaudeCredentialsTest {

    private final ClaudeTool tool = new ClaudeTool();

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = ClaudeCredentialsTest.class.getResourceAsStream("/credentials/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void namesTheFilesClaudeCodeKeepsInTheHome() {
        assertEquals(List.of(".claude/.credentials.json", ".claude/settings.json", ".claude.json", ".claude/config.yml"),
                tool.hostFiles().stream().map(ToolFile::path).toList());
        assertEquals(List.of(ToolFile.Kind.CREDENTIALS, ToolFile.Kind.SETTINGS, ToolFile.Kind.SETTINGS,
                ToolFile.Kind.PLAIN), tool.hostFiles().stream().map(ToolFile::kind).toList());
    }

    @Test
    void anOauthLoginIsGoodUntilItsAccessTokenExpires() throws IOException {
        assertEquals(Optional.of(Instant.ofEpochMilli(1785876648522L)),
                tool.credentialsValidUntil(ClaudeTool.CREDENTIALS, sample("oauth-login.json")));
        assertEquals(Optional.of(Instant.ofEpochMilli(1748658860401L)),
                tool.credentialsValidUntil(ClaudeTool.CREDENTIALS, sample("pretty-printed.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-token.json", "expiry-as-text.json", "api-key-only.json", "trailing-text.json",
        "trailing-comma.json"})
    void anythingElseIsNotValid(String name) throws IOException {
        assertEquals(Optional.empty(), tool.credentialsValidUntil(ClaudeTool.CREDENTIALS, sample(name)));
    }

    @Test
    void brokenOrHostileContentIsNotValid() {
        for (String content : List.of("", "null", "[]", "{", "{\"claudeAiOauth\": []}",
                "{\"claudeAiOauth\":{\"accessToken\":\"x\",\"expiresAt\":-5}}",
                "{\"claudeAiOauth\":{\"accessToken\":\"x\",\"expiresAt\":1.5}}",
                "{\"claudeAiOauth\":{\"accessToken\":\"x\",\"expiresAt\":1e400}}",
                "{\"claudeAiOauth\":{\"accessToken\":\"x\",\"accessToken\":\"y\",\"expiresAt\":1}}",
                "[".repeat(100_000))) {
            assertEquals(Optional.empty(),
                    tool.credentialsValidUntil(ClaudeTool.CREDENTIALS, content.getBytes(StandardCharsets.UTF_8)),
                    content.length() > 80 ? "deep nesting" : content);
        }
        byte[] notUtf8 = {'{', '"', (byte) 0xC3, '"', ':', '1', '}'};
        assertEquals(Optional.empty(), tool.credentialsValidUntil(ClaudeTool.CREDENTIALS, notUtf8));
    }

    @Test
    void onlyTheCredentialsFileHoldsCredentials() throws IOException {
        assertEquals(Optional.empty(), tool.credentialsValidUntil(ClaudeTool.SETTINGS, sample("oauth-login.json")));
    }
}
