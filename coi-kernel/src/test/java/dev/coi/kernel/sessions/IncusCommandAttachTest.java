package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ExecOptions;
import dev.coi.kernel.incus.RemoteServer;
import dev.coi.kernel.incus.SocketLocation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncusCommandAttachTest {

    @TempDir
    Path dir;

    @Test
    void theCommandLineNamesUserDirectoryAndTerminalModeButNoValueOfTheEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", "/home/code");
        environment.put("ANTHROPIC_API_KEY", "sk-secret");
        environment.put("odd.name", "x=1,2");
        TerminalAttach.Request request = new TerminalAttach.Request("coi-9dad1e4e-1",
                List.of("claude", "--continue"), new ExecOptions(1000, 1000, "/workspace", environment), true);

        List<String> argv = IncusCommandAttach.commandLine("incus", SocketLocation.of(Path.of("/run/x.socket")),
                "default", request, Optional.of("/tmp/.coi-environment-1"));

        assertEquals(List.of("incus", "exec", "coi-9dad1e4e-1", "--force-local", "--project", "default",
                "--force-interactive", "--user", "1000", "--group", "1000", "--cwd", "/workspace",
                "--env", "odd.name=x=1,2", "--", "/bin/sh", "-c",
                "set -a; . \"$0\"; set +a; rm -f -- \"$0\"; exec \"$@\"", "/tmp/.coi-environment-1",
                "claude", "--continue"), argv);
        assertFalse(String.join(" ", argv).contains("sk-secret"), argv::toString);
    }

    @Test
    void theEnvironmentFileQuotesWhatTheShellWouldOtherwiseRead() throws Exception {
        Map<String, String> environment = Map.of("A", "it's $HOME `id`\nline two", "HOME", "/home/code");

        String content = new String(EnvironmentFile.of(environment).content(), StandardCharsets.UTF_8);

        assertEquals("A='it'\\''s $HOME `id`\nline two'\nHOME='/home/code'\n", content);
        // what a real shell makes of it
        Path file = dir.resolve("environment");
        Files.writeString(file, content);
        Process shell = new ProcessBuilder(EnvironmentFile.wrap(file.toString(), List.of("printenv", "A")))
                .redirectErrorStream(true).start();
        assertEquals("it's $HOME `id`\nline two\n", new String(shell.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
        assertEquals(0, shell.waitFor());
        assertFalse(Files.exists(file), "the wrapper removes the file once read");
    }

    @Test
    void withoutAnEnvironmentTheCommandRunsAsGiven() {
        TerminalAttach.Request request = new TerminalAttach.Request("c1", List.of("tmux", "attach"),
                new ExecOptions(1000, 1000, "/workspace", Map.of()), true);

        List<String> argv = IncusCommandAttach.commandLine("incus", SocketLocation.of(Path.of("/run/x.socket")),
                "default", request, Optional.empty());

        assertEquals(List.of("tmux", "attach"), argv.subList(argv.indexOf("--") + 1, argv.size()));
    }

    @Test
    void onARemoteTheContainerIsNamedThroughTheRemoteAndInCoisProject() throws Exception {
        TerminalAttach.Request request = new TerminalAttach.Request("c1", List.of("tmux", "attach"),
                new ExecOptions(1000, 1000, "/workspace", Map.of()), true);
        RemoteServer remote = new RemoteServer("big", URI.create("https://10.0.0.5:8443"), "", SSLContext.getDefault(),
                true, Path.of("/home/u/.config/incus"), SocketLocation.of(Path.of("/run/x.socket")));

        List<String> argv = IncusCommandAttach.commandLine("incus", remote, "team", request, Optional.empty());

        assertEquals(List.of("incus", "exec", "big:c1", "--project", "team", "--force-interactive"),
                argv.subList(0, 6));
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
                ChildStdio.copyTo(new PrintWriter(out), new PrintWriter(err)), (container, path, content, uid, gid) -> {
                    throw new AssertionError("no environment, no file");
                }, (container, path) -> {
                    throw new AssertionError("no environment, no file");
                });

        int exitCode = attach.run(new TerminalAttach.Request("c1", List.of("true"),
                new ExecOptions(1000, 1000, "/workspace", Map.of()), false));

        assertEquals(4, exitCode);
        assertEquals("/run/x.socket c1 --force-noninteractive\n", out.toString());
        assertEquals("oops\n", err.toString());
    }

    @Test
    void incusSayingItLostTheCommandIsKeptBackForACallerWhoMayTryAgain() throws Exception {
        StringWriter err = new StringWriter();
        TerminalAttach attach = fakeIncus(
                "echo 'Error: Failed to retrieve PID of executing child process' >&2\nexit 1\n", err);

        TerminalAttach.Attached attached = attach.start(REQUEST);
        TerminalAttach.Ended ended = attached.waitForEnd();

        assertEquals(new TerminalAttach.Ended(1, true), ended);
        assertEquals("", err.toString());
        attached.showLostChildError();
        assertEquals("Error: Failed to retrieve PID of executing child process\n", err.toString());
    }

    @Test
    void aCallerWhoDoesNotTryAgainSeesTheMessage() throws Exception {
        StringWriter err = new StringWriter();

        int exitCode = fakeIncus("echo 'Error: Failed to retrieve PID of executing child process' >&2\nexit 1\n", err)
                .run(REQUEST);

        assertEquals(1, exitCode);
        assertEquals("Error: Failed to retrieve PID of executing child process\n", err.toString());
    }

    @Test
    void theSameLineFromACommandThatSucceededIsNoLoss() throws Exception {
        StringWriter err = new StringWriter();

        TerminalAttach.Ended ended = fakeIncus(
                "echo 'Error: Failed to retrieve PID of executing child process' >&2\nexit 0\n", err)
                .start(REQUEST).waitForEnd();

        assertEquals(new TerminalAttach.Ended(0, false), ended);
        assertEquals("Error: Failed to retrieve PID of executing child process\n", err.toString());
    }

    @Test
    void theEnvironmentFileOfATryIncusLostIsRemovedAsNoWrapperRemovedIt() throws Exception {
        List<String> written = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Path fakeIncus = dir.resolve("incus");
        Files.writeString(fakeIncus, "#!/bin/sh\necho 'Error: Failed to retrieve PID of executing child process' >&2\n"
                + "exit 1\n");
        fakeIncus.toFile().setExecutable(true);
        TerminalAttach attach = new IncusCommandAttach(fakeIncus.toString(), Path.of("/run/x.socket"),
                ChildStdio.copyTo(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                (container, path, content, uid, gid) -> written.add(container + ":" + path),
                (container, path) -> removed.add(container + ":" + path));

        TerminalAttach.Ended ended = attach.start(new TerminalAttach.Request("c1", List.of("true"),
                new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code", "KEY", "secret")), false))
                .waitForEnd();

        assertTrue(ended.lostChild());
        assertEquals(1, written.size());
        assertTrue(written.get(0).startsWith("c1:/home/code/.coi-environment-"), written::toString);
        assertEquals(written, removed);
    }

    private static final TerminalAttach.Request REQUEST = new TerminalAttach.Request("c1", List.of("true"),
            new ExecOptions(1000, 1000, "/workspace", Map.of()), false);

    private TerminalAttach fakeIncus(String script, StringWriter err) throws Exception {
        Path fakeIncus = dir.resolve("incus");
        Files.writeString(fakeIncus, "#!/bin/sh\n" + script);
        fakeIncus.toFile().setExecutable(true);
        return new IncusCommandAttach(fakeIncus.toString(), Path.of("/run/x.socket"),
                ChildStdio.copyTo(new PrintWriter(new StringWriter()), new PrintWriter(err)),
                (container, path, content, uid, gid) -> {
                    throw new AssertionError("no environment, no file");
                }, (container, path) -> {
                    throw new AssertionError("no environment, no file");
                });
    }
}
