package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellQuotingTest {

    @TempDir
    Path dir;

    @Test
    void plainWordsStayAndTheRestIsSingleQuoted() {
        assertEquals("claude --session-id 1234-ab", ShellQuoting.join(List.of("claude", "--session-id", "1234-ab")));
        assertEquals("echo 'a b' 'it'\"'\"'s' '$HOME' ''", ShellQuoting.join(List.of("echo", "a b", "it's", "$HOME", "")));
    }

    @Test
    void aShellRunsExactlyTheVectorBack() throws Exception {
        List<String> argv = List.of("printf", "%s|", "a b", "it's", "$(touch pwned)", "`x`", "\"q\"", "back\\slash", "*");
        Process shell = new ProcessBuilder("sh", "-c", ShellQuoting.join(argv)).directory(dir.toFile()).start();
        String out = new String(shell.getInputStream().readAllBytes());

        assertEquals(0, shell.waitFor());
        assertEquals("a b|it's|$(touch pwned)|`x`|\"q\"|back\\slash|*|", out);
        assertEquals(false, Files.exists(dir.resolve("pwned")));
    }
}
