package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.NetworkMode;
import dev.coi.kernel.config.NetworkSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox block in a tool's instructions file, written by a real shell as it is in the container. */
class SandboxContextTest {

    @TempDir
    Path home;
    @TempDir
    Path workspace;

    private int write(String file, String block) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", SandboxContext.WRITE, "sh", file)
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("HOME", home.toString(), "COI_CONTEXT", block,
                "COI_CONTEXT_BEGIN", SandboxContext.BEGIN, "COI_CONTEXT_END", SandboxContext.END));
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @Test
    void theBlockIsAddedBelowTheUsersLinesAndReplacedNotRepeatedAtTheNextStart() throws Exception {
        Path file = Files.createDirectories(home.resolve(".codex")).resolve("AGENTS.md");
        Files.writeString(file, "# My rules\nAlways run the tests.\n\n\n");

        assertEquals(0, write(".codex/AGENTS.md", "network: restricted"));
        assertEquals(0, write(".codex/AGENTS.md", "network: open"));
        assertEquals(0, write(".codex/AGENTS.md", "network: open"));

        assertEquals("# My rules\nAlways run the tests.\n\n" + SandboxContext.BEGIN + "\nnetwork: open\n"
                + SandboxContext.END + "\n", Files.readString(file));
    }

    @Test
    void aMissingFileAndItsFoldersAreMade() throws Exception {
        assertEquals(0, write(".config/opencode/AGENTS.md", "hello"));

        assertEquals(SandboxContext.BEGIN + "\nhello\n" + SandboxContext.END + "\n",
                Files.readString(home.resolve(".config/opencode/AGENTS.md")));
    }

    @Test
    void aFolderLinkedOutOfTheHomeIsNotWrittenThrough() throws Exception {
        Files.writeString(workspace.resolve("AGENTS.md"), "the user's own\n");
        Files.createSymbolicLink(home.resolve(".codex"), workspace);

        assertEquals(3, write(".codex/AGENTS.md", "hello"));

        assertEquals("the user's own\n", Files.readString(workspace.resolve("AGENTS.md")));
        assertEquals(List.of(workspace.resolve("AGENTS.md")), Files.list(workspace).toList());
    }

    @Test
    void aFileLinkedOutOfTheHomeIsReplacedNotWrittenThrough() throws Exception {
        Path target = Files.writeString(workspace.resolve("AGENTS.md"), "the user's own\n");
        Path file = Files.createDirectories(home.resolve(".codex")).resolve("AGENTS.md");
        Files.createSymbolicLink(file, target);

        assertEquals(0, write(".codex/AGENTS.md", "hello"));

        assertEquals("the user's own\n", Files.readString(target, StandardCharsets.UTF_8));
        assertFalse(Files.isSymbolicLink(file));
        assertTrue(Files.readString(file).contains("hello"));
    }

    @Test
    void theBlockSaysWhatTheNetworkAllows() {
        NetworkSettings allowlist = new NetworkSettings(NetworkMode.ALLOWLIST, true, true, false,
                List.of("api.openai.com", "*.example.com"), 30, false, home.resolve("log"));

        String block = SandboxContext.block(NetworkMode.ALLOWLIST, allowlist, false);

        assertTrue(block.contains("only api.openai.com, *.example.com"), block);
        assertTrue(block.contains("/workspace"), block);
        assertTrue(block.contains("gone when the session ends"), block);
        assertTrue(SandboxContext.block(NetworkMode.RESTRICTED, allowlist, true).contains("restricted: the internet"));
        assertTrue(SandboxContext.block(NetworkMode.OPEN, allowlist, true).contains("kept with this persistent"));
    }
}
