package dev.coi.plugin.aider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.PermissionMode;
import dev.coi.api.ToolFile;
import dev.coi.api.ToolLaunch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AiderToolTest {

    private final AiderTool tool = new AiderTool();

    @Test
    void aNewSessionKeepsItsHistoryInTheHomeFolderNotInTheWorkspace() {
        assertEquals(List.of("sh", "-c", "mkdir -p \"$HOME/.aider/history\" && exec aider --yes-always"
                + " --chat-history-file \"$HOME/.aider/history/chat.history.md\""
                + " --input-history-file \"$HOME/.aider/history/input.history\""), tool.commandLine(ToolLaunch.fresh("id")));
    }

    @Test
    void theInteractiveModeLetsAiderAskBeforeItActs() {
        List<String> argv = tool.commandLine(ToolLaunch.fresh("id").withPermissionMode(PermissionMode.INTERACTIVE));
        assertTrue(argv.get(2).startsWith("mkdir -p \"$HOME/.aider/history\" && exec aider --chat-history-file"),
                argv::toString);
    }

    @Test
    void resumingRestoresTheChatHistory() {
        List<String> argv = tool.commandLine(ToolLaunch.resumed("id", Optional.empty()));
        assertTrue(argv.get(2).endsWith("--input-history-file \"$HOME/.aider/history/input.history\" --restore-chat-history"),
                argv::toString);
        assertEquals(Optional.of(".aider"), tool.configDirectory());
    }

    /** The command line goes through a real shell: $HOME decides where the history lands, and its folder is made. */
    @Test
    void theShellPutsTheHistoryUnderHome(@TempDir Path home) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path fake = bin.resolve("aider");
        Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$HOME/args\"\n");
        fake.toFile().setExecutable(true);
        ProcessBuilder builder = new ProcessBuilder(tool.commandLine(ToolLaunch.fresh("id")));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        assertEquals(0, builder.inheritIO().start().waitFor());
        assertTrue(Files.isDirectory(home.resolve(".aider/history")));
        assertEquals(List.of("--yes-always", "--chat-history-file", home + "/.aider/history/chat.history.md",
                "--input-history-file", home + "/.aider/history/input.history"),
                Files.readAllLines(home.resolve("args"), StandardCharsets.UTF_8));
    }

    @Test
    void itsConfigFilesAreCopiedAsTheyAre() {
        assertEquals(List.of(".aider.conf.yml", ".aider.model.settings.yml", ".aider.model.metadata.json"),
                tool.hostFiles().stream().map(ToolFile::path).toList());
        assertTrue(tool.hostFiles().stream().allMatch(file -> file.kind() == ToolFile.Kind.PLAIN));
        assertTrue(tool.sandboxSettings().isEmpty());
    }

    @Test
    void itHasNoSessionIdOfItsOwn(@TempDir Path saved) {
        assertFalse(tool.discoverSessionId(saved).isPresent());
    }

    /** The step runs as coi build runs it, with a pipx that fails the way an unreachable index makes it fail. */
    @Test
    void theImageStepFailsWithTheReasonWhenPipxCannotInstall(@TempDir Path dir) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path pipx = bin.resolve("pipx");
        Files.writeString(pipx, "#!/bin/sh\nprintf '%s\\n' \"$PIPX_HOME $PIPX_BIN_DIR $*\" > \"$CALLS\"\nexit 1\n");
        pipx.toFile().setExecutable(true);
        Path script = dir.resolve("aider.sh");
        Files.writeString(script, tool.imageInstallScript().orElseThrow());
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", script.toString()).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().put("CALLS", dir.resolve("calls").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.waitFor(), output);
        assertTrue(output.contains("pipx could not install aider-chat: is the Python package index"), output);
        assertEquals("/opt/pipx /usr/local/bin install aider-chat", Files.readString(dir.resolve("calls")).strip());
    }
}
