package dev.coi.plugin.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.PermissionMode;
import dev.coi.api.ToolLaunch;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    void theInteractiveModeKeepsClaudesOwnApprovalsOverTheSandboxSettingsDefault() {
        assertEquals(List.of("claude", "--verbose", "--permission-mode", "default", "--session-id", "abc"),
                tool.commandLine(ToolLaunch.fresh("abc").withPermissionMode(PermissionMode.INTERACTIVE)));
        assertEquals(Optional.of(".claude/CLAUDE.md"), tool.instructionsFile());
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

    @Test
    void theImageInstallScriptInstallsClaudeCodeWithNpmAndRecordsItsVersion(@TempDir Path dir) throws Exception {
        String script = tool.imageInstallScript().orElseThrow();

        assertTrue(script.contains("npm install -g --no-audit --no-fund --loglevel=warn @anthropic-ai/claude-code"),
                script);
        assertTrue(script.contains("install -d -m 0700 -o 1000 -g 1000 /home/code/.claude"), script);
        assertTrue(script.contains(">>\"$COI_IMAGE_INFO\""), script);
        assertTrue(script.contains("Claude Code needs 18 or newer"), script);
        assertTrue(script.contains("@anthropic-ai/claude-code-*-musl"), "not changed by resource filtering");
        Path copy = Files.writeString(dir.resolve("install.sh"), script);
        Process bash = new ProcessBuilder("bash", "-n", copy.toString()).redirectOutput(Redirect.INHERIT)
                .redirectError(Redirect.INHERIT).start();
        assertEquals(0, bash.waitFor(), "bash -n finds no syntax error");
    }

    @Test
    void theImageInstallScriptAddsTheVersionToTheImageInfo(@TempDir Path dir) throws Exception {
        Path info = Files.writeString(dir.resolve("coi-image"), "version=\"1\"\n");

        assertEquals(0, runInstallScript(dir, "v20.11.1", info));

        assertEquals("version=\"1\"\nclaude_code=\"2.0.5\"\n", Files.readString(info));
        assertTrue(Files.readString(dir.resolve("calls")).contains("npm install -g"));
    }

    @Test
    void theImageInstallScriptRefusesANodeOlderThan18(@TempDir Path dir) throws Exception {
        Path info = Files.writeString(dir.resolve("coi-image"), "");

        assertEquals(1, runInstallScript(dir, "v16.20.2", info));

        assertEquals("", Files.readString(info));
        assertTrue(Files.readString(dir.resolve("output")).contains("Node.js v16.20.2 is too old"));
        assertTrue(!Files.exists(dir.resolve("calls")) || !Files.readString(dir.resolve("calls")).contains("npm"));
    }

    /** Runs the script as the build would, with node, npm, claude and install replaced by stubs that log calls. */
    private int runInstallScript(Path dir, String nodeVersion, Path info) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("calls");
        stub(bin, "node", "echo " + nodeVersion);
        stub(bin, "npm", "echo \"npm $*\" >>" + calls + "; if [ \"$1\" = root ]; then echo " + dir + "; fi");
        stub(bin, "claude", "echo '2.0.5 (Claude Code)'");
        stub(bin, "install", "echo \"install $*\" >>" + calls);
        Path script = Files.writeString(dir.resolve("install.sh"), tool.imageInstallScript().orElseThrow());
        ProcessBuilder build = new ProcessBuilder("bash", "-euo", "pipefail", script.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("output").toFile());
        Map<String, String> environment = build.environment();
        environment.put("PATH", bin + ":/usr/bin:/bin");
        environment.put("COI_IMAGE_INFO", info.toString());
        return build.start().waitFor();
    }

    private static void stub(Path bin, String name, String body) throws Exception {
        Files.writeString(bin.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(bin.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
