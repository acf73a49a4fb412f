package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.AiTool;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.config.NetworkSettings;
import dev.coi.kernel.testing.NamedTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox block in a tool's instructions file, written by a real shell as the tool's command line does. */
class SandboxContextTest {

    @TempDir
    Path home;
    @TempDir
    Path workspace;

    private int write(String file, String block) throws IOException, InterruptedException {
        return run(List.of("sh", "-c", SandboxContext.WRITE, "sh", file, block, SandboxContext.BEGIN,
                SandboxContext.END)).exitCode();
    }

    private record Ran(int exitCode, String output) {
    }

    private Ran run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Ran(process.waitFor(), output);
    }

    private static AiTool tool(Optional<String> instructionsFile) {
        return new NamedTool("stub") {
            @Override
            public Optional<String> instructionsFile() {
                return instructionsFile;
            }
        };
    }

    private NetworkSettings restricted() {
        return new NetworkSettings(NetworkMode.RESTRICTED, true, true, false, List.of(), 30, false,
                home.resolve("log"));
    }

    @Test
    void theToolsCommandLineWritesTheBlockAndThenBecomesTheTool() throws Exception {
        List<String> command = SandboxContext.wrap(tool(Optional.of(".stub/AGENTS.md")),
                List.of("sh", "-c", "echo \"tool: $*\"; grep -c 'restricted: the internet' \"$HOME/.stub/AGENTS.md\"",
                        "stub", "--yes", "it's"), NetworkMode.RESTRICTED, restricted(), false);

        Ran ran = run(command);

        assertEquals(0, ran.exitCode(), ran::output);
        assertEquals("tool: --yes it's\n1\n", ran.output());
    }

    @Test
    void aBlockThatCannotBeWrittenIsSaidAndTheToolStartsAllTheSame() throws Exception {
        Files.createSymbolicLink(home.resolve(".stub"), workspace);

        Ran ran = run(SandboxContext.wrap(tool(Optional.of(".stub/AGENTS.md")), List.of("echo", "tool ran"),
                NetworkMode.RESTRICTED, restricted(), false));

        assertEquals(0, ran.exitCode(), ran::output);
        assertTrue(ran.output().contains("coi: the sandbox context was not written into ~/.stub/AGENTS.md"),
                ran::output);
        assertTrue(ran.output().endsWith("tool ran\n"), ran::output);
        assertFalse(Files.exists(workspace.resolve("AGENTS.md")));
    }

    @Test
    void aToolWithoutAnInstructionsFileKeepsItsCommandLine() {
        assertEquals(List.of("stub", "--yes"), SandboxContext.wrap(tool(Optional.empty()), List.of("stub", "--yes"),
                NetworkMode.OPEN, restricted(), true));
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
