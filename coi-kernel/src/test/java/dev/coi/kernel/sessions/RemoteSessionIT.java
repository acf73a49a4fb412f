package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.END;
import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static dev.coi.kernel.sessions.SessionTestBed.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.testing.LoopbackRemote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions and commands through an Incus remote: this machine's own daemon, listening on HTTPS on the loopback
 * address, reached with a client certificate the test made and the daemon trusts ({@link LoopbackRemote}). Every
 * request coi makes goes over TLS then, and the incus command line attaches through the remote's name.
 */
class RemoteSessionIT {

    private static final String REMOTE = LoopbackRemote.NAME;

    @TempDir
    static Path shared;

    @TempDir
    Path root;

    private static LoopbackRemote remote;
    private SessionTestBed bed;

    @BeforeAll
    static void listen() {
        remote = LoopbackRemote.open(shared);
    }

    @AfterAll
    static void stopListening() {
        if (remote != null) {
            remote.close();
        }
    }

    @BeforeEach
    void setUp() {
        bed = new SessionTestBed(root);
        bed.environment.putAll(remote.environment());
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void aPersistentSessionIsStartedAttachedListedAndEndedThroughTheRemote() throws IOException {
        CoiTerminal terminal = bed.shell("--remote", REMOTE, "--persistent");
        String id = awaitReady(terminal);
        String container = bed.containerName(1);
        terminal.sendKeys("C-b", "d");
        assertExit(0, terminal);
        Instance detached = bed.container(1).orElseThrow(() -> new AssertionError("no container " + container));
        assertTrue(detached.isRunning(), detached::toString);

        CoiTerminal list = bed.run("--remote", REMOTE, "list", "--format", "json");
        assertExit(0, list);
        assertTrue(list.history().contains(container), list::history);

        CoiTerminal exec = bed.run("container", "exec", "--remote", REMOTE, container, "--capture", "--", "cat",
                "/etc/hostname");
        assertExit(0, exec);
        assertTrue(exec.history().contains(container), exec::history);

        Path pushed = root.resolve("pushed.txt");
        Files.writeString(pushed, "through the remote\n");
        assertExit(0, bed.run("--remote", REMOTE, "file", "push", pushed.toString(), container + ":/tmp/pushed.txt"));
        Path pulled = root.resolve("pulled.txt");
        assertExit(0, bed.run("--remote", REMOTE, "file", "pull", container + ":/tmp/pushed.txt", pulled.toString()));
        assertEquals("through the remote\n", Files.readString(pulled));

        CoiTerminal attached = bed.terminal().start("attach", "--remote", REMOTE, container);
        attached.awaitMatch(SessionTestBed.READY, END);
        attached.sendKeys("C-b", "d");
        assertExit(0, attached);

        CoiTerminal shutdown = bed.run("--remote", REMOTE, "shutdown", container);
        assertExit(0, shutdown);
        bed.awaitGone(container, END);
        assertEquals(id, bed.metadata(id).path("session_id").asText(), shutdown::history);
    }

    @Test
    void healthNamesTheRemoteAndSaysTheDaemonTrustsCoi() throws IOException {
        CoiTerminal health = bed.run("health", "--remote", REMOTE, "--format", "json");
        JsonNode incus = check(health, "incus");
        assertEquals("ok", incus.path("status").asText(), health::history);
        assertEquals(REMOTE, incus.path("details").path("remote").asText(), health::history);
        assertEquals(remote.url(), incus.path("details").path("address").asText(), health::history);
    }

    @Test
    void aRemoteOnAnotherMachineGetsACopyOfTheWorkspaceThatSyncBringsBackButNoRulesOfThisMachine()
            throws IOException {
        // with no daemon on this machine's socket, the remote cannot be this machine's
        bed.environment.put("INCUS_SOCKET", root.resolve("no-daemon-here.socket").toString());
        Files.writeString(bed.workspace.resolve("README"), "the user's project\n");
        Files.writeString(bed.workspace.resolve("notes.txt"), "first notes\n");
        SessionTestBed.ownByHostUser(bed.workspace);

        CoiTerminal filtered = bed.run(bed.shellArgs("--remote", REMOTE, "--background"));
        assertExit(1, filtered);
        assertTrue(filtered.history().contains("network mode restricted cannot be enforced for a container on remote \""
                + REMOTE + "\""), filtered::history);
        CoiTerminal mounted = bed.run(bed.shellArgs("--remote", REMOTE, "--background", "--network", "open",
                "--workspace-mode", "mount"));
        assertExit(1, mounted);
        assertTrue(mounted.history().contains("cannot be mounted into a container on remote \"" + REMOTE + "\""),
                mounted::history);
        assertEquals(List.of(), bed.containers(), "nothing was made");

        CoiTerminal started = bed.run(bed.shellArgs("--remote", REMOTE, "--background", "--network", "open"));
        assertExit(0, started);
        String container = bed.containerName(1);
        assertFalse(bed.container(1).orElseThrow().devices().containsKey("workspace"), "copied, not mounted");
        assertEquals(0, agent(container, "echo 'changed by the agent' > README && echo new > new.txt"
                + " && echo 'the container notes' > notes.txt").exitCode());
        Files.writeString(bed.workspace.resolve("notes.txt"), "the host notes\n");

        CoiTerminal sync = bed.run("--remote", REMOTE, "sync", container);
        assertExit(3, sync);
        assertEquals("changed by the agent\n", Files.readString(bed.workspace.resolve("README")), sync::history);
        assertEquals("new\n", Files.readString(bed.workspace.resolve("new.txt")));
        assertEquals("the host notes\n", Files.readString(bed.workspace.resolve("notes.txt")),
                "a conflict never overwrites the local file");
        assertTrue(sync.history().contains("conflict"), sync::history);

        CoiTerminal list = bed.run("--remote", REMOTE, "list", "--format", "json");
        assertTrue(list.history().contains("\"workspace_mode\": \"copy\""), list::history);
        assertEquals(0, agent(container, "echo late > late.txt").exitCode());
        assertExit(0, bed.run("--remote", REMOTE, "shutdown", container));
        assertEquals("late\n", Files.readString(bed.workspace.resolve("late.txt")), "the end brings it back");
        bed.awaitGone(container, END);
    }

    private CommandResult agent(String container, String script) {
        return bed.incus.execOnce(container, List.of("sh", "-c", "cd /workspace && " + script),
                new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code")));
    }

    @Test
    void trustProblemsSayWhatIsWrongAndHowToMendIt() {
        Path untrusted = shared.resolve("incus-untrusted-" + System.nanoTime());
        remote.untrustedCopy(untrusted);
        bed.environment.put("INCUS_CONF", untrusted.toString());
        CoiTerminal refused = bed.run("--remote", REMOTE, "list");
        assertExit(1, refused);
        assertTrue(refused.history().contains("may not trust this client's certificate"), refused::history);
        assertTrue(refused.history().contains("incus config trust add-certificate"), refused::history);

        Path impostor = shared.resolve("incus-impostor-" + System.nanoTime());
        remote.withAnotherServerCertificate(impostor);
        bed.environment.put("INCUS_CONF", impostor.toString());
        CoiTerminal pinned = bed.run("--remote", REMOTE, "list");
        assertExit(1, pinned);
        assertTrue(Pattern.compile("is not the one coi knows as\\s+remote").matcher(pinned.history()).find(),
                pinned::history);

        bed.environment.putAll(remote.environment());
        CoiTerminal unknown = bed.run("--remote", "no-such-remote", "list");
        assertExit(1, unknown);
        assertTrue(unknown.history().contains("there is no remote \"no-such-remote\""), unknown::history);
    }

    private static JsonNode check(CoiTerminal health, String name) throws IOException {
        String text = health.history();
        JsonNode check = new ObjectMapper().readTree(text.substring(text.indexOf('{'), text.lastIndexOf('}') + 1))
                .path("checks").path(name);
        if (check.isMissingNode()) {
            throw new AssertionError("no check " + name + " in\n" + text);
        }
        return check;
    }
}
