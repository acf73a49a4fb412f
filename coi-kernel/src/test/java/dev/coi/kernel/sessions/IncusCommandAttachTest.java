package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.ExecOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncusCommandAttachTest {

    @TempDir
    Path dir;

    @Test
    void theCommandLineNamesUserDirectoryEnvironmentAndTerminalMode() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", "/home/code");
        environment.put("A", "x=1,2");
        TerminalAttach.Request request = new TerminalAttach.Request("coi-9dad1e4e-1",
                List.of("tmux", "attach", "-t", "coi-9dad1e4e-1"),
                new ExecOptions(1000, 1000, "/workspace", environment), true);

        List<String> argv = IncusCommandAttach.commandLine("incus", request);

        assertEquals(List.of("incus", "exec", "coi-9dad1e4e-1", "--force-local", "--project", "default",
                "--force-interactive", "--user", "1000", "--group", "1000", "--cwd", "/workspace",
                "--env", "A=x=1,2", "--env", "HOME=/home/code", "--", "tmux", "attach", "-t", "coi-9dad1e4e-1"), argv);
    }

    @Test
    void withoutATerminalTheOutputIsCopiedAndTheExitCodeReturned() throws Exception {
        // a stand-in for the incus command line that prints its arguments and the socket it was given
        Path fakeIncus = dir.resolve("incus");
        Files.writeString(fakeIncus, "#!/bin/sh\necho \"$INCUS_SOCKET $2 $6\"\necho oops >&2\nexit 4\n");
        fakeIncus.toFile().setExecutable(true);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        TerminalAttach attach = new IncusCommandAttach(fakeIncus.toString(), Path.of("/run/x.socket"),
                ChildStdio.copyTo(new PrintWriter(out), new PrintWriter(err)));

        int exitCode = attach.run(new TerminalAttach.Request("c1", List.of("true"),
                new ExecOptions(1000, 1000, "/workspace", Map.of()), false));

        assertEquals(4, exitCode);
        assertEquals("/run/x.socket c1 --force-noninteractive\n", out.toString());
        assertEquals("oops\n", err.toString());
    }
}
