package dev.coi.kernel.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceSnapshot;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.network.Keepers;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionTestImage;
import dev.coi.kernel.sessions.TestWorkspaces;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coi snapshot} on a real session container of the stub-claude image ({@link SessionTestImage}, or the
 * image {@code -Dcoi.it.sessionImage=ALIAS} names): a snapshot brings back the container's own files and the saved
 * conversation on the host, and the commands refuse what they must refuse.
 */
class SnapshotIT {

    /** A file of the container's own filesystem: /workspace would be the host's. */
    private static final String MARKER = "/opt/coi-it-marker";
    private static final Duration ANSWER = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private final IncusClient incus = IncusClient.local(null);
    private final ObjectMapper json = new ObjectMapper();
    private final String prefix = TestInstances.PREFIX + "snap" + HexFormat.of().toHexDigits(ThreadLocalRandom.current()
            .nextInt()).substring(0, 4) + "-";
    private final Map<String, String> environment = new HashMap<>(Map.of(ContainerNames.PREFIX_VARIABLE, prefix));
    private Path home;
    private Path workspace;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(root.resolve("home"));
        workspace = TestWorkspaces.ownedByAUser(Files.createDirectories(root.resolve("workspace")));
    }

    @AfterEach
    void deleteContainers() {
        for (String name : incus.instances().stream().map(Instance::name).filter(n -> n.startsWith(prefix)).toList()) {
            try {
                incus.deleteForcibly(name);
            } catch (IncusException e) {
                System.err.println("could not delete " + name + ": " + e.getMessage());
            }
        }
        Keepers.awaitEnd(home);
    }

    private CliRun coi(String... args) {
        return CliRun.of(home, environment, args);
    }

    private static String image() {
        String given = System.getProperty("coi.it.sessionImage", "");
        return given.isBlank() ? SessionTestImage.alias(IncusClient.local(null)) : given;
    }

    @Test
    void aRestoreBringsBackTheContainersFilesAndTheSavedConversation() throws Exception {
        // ephemeral when the snapshot is taken, persisted before the restore
        CliRun shell = coi("shell", "-w", workspace.toString(), "--background", "--network", "open", "--image", image());
        assertEquals(0, shell.exitCode(), shell::toString);
        String name = new ContainerNames(prefix).name(workspace, 1);
        String sessionId = incus.instance(name).orElseThrow().config().get("user.coi.session");
        say(name, "hello", 1);
        asRoot(name, "echo before > " + MARKER);

        long started = System.nanoTime();
        CliRun create = coi("snapshot", "create", "first", "-c", name);
        long createMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, create.exitCode(), create::toString);
        assertEquals("", create.out());
        assertTrue(create.err().contains("Created snapshot 'first' for container '" + name + "'"), create::toString);
        assertTrue(create.err().contains("Saved the session " + sessionId), create::toString);
        assertTrue(create.err().contains("container '" + name + "' is ephemeral: it is deleted when its session ends,"
                + " and its snapshots with it; 'coi persist " + name + "' keeps it"), create::toString);
        started = System.nanoTime();
        incus.createSnapshot(name, "bare", false);
        long bareMillis = (System.nanoTime() - started) / 1_000_000;
        incus.deleteSnapshot(name, "bare");

        say(name, "second", 2);
        asRoot(name, "echo after > " + MARKER);
        CliRun running = coi("snapshot", "restore", "first", "-f", "-c", name);
        assertEquals(1, running.exitCode(), running::toString);
        assertTrue(running.err().contains("Error: container '" + name + "' must be stopped before restore (use 'coi"
                + " container stop " + name + "')"), running::toString);

        assertEquals(0, coi("persist", name).exitCode());
        // a detach saves the session (both turns) on the host, as a user's attach and Ctrl-b d would
        try (CoiTerminal attached = new CoiTerminal(home, workspace, environment)) {
            attached.start("attach", name);
            attached.awaitScreen("second", ANSWER);
            attached.sendKeys("C-b", "d");
            assertEquals(0, attached.awaitExit(ANSWER), attached::history);
        }
        assertEquals(2, savedTurns(sessionId).size());
        // stopped and kept ('coi shutdown' deletes a persistent container too, as the reference tool does)
        CliRun stop = coi("container", "stop", name);
        assertEquals(0, stop.exitCode(), stop::toString);

        CliRun unasked = coi("snapshot", "restore", "first", "-c", name);
        assertEquals(1, unasked.exitCode(), unasked::toString);
        assertTrue(unasked.err().contains("add -f (--force)"), unasked::toString);
        assertEquals("after\n", marker(name));

        started = System.nanoTime();
        CliRun restore = coi("snapshot", "restore", "first", "-f", "-c", name);
        long restoreMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, restore.exitCode(), restore::toString);
        assertTrue(restore.err().contains("Restored container '" + name + "' from snapshot 'first'"), restore::toString);

        assertEquals("before\n", marker(name));
        List<String> turns = savedTurns(sessionId);
        assertEquals(1, turns.size(), turns::toString);
        assertTrue(turns.getFirst().contains("hello"), turns::toString);
        Matcher kept = Pattern.compile("the one it replaced is kept in (\\S+)").matcher(restore.err());
        assertTrue(kept.find(), restore::toString);
        Path replaced = Path.of(kept.group(1));
        assertEquals(2, Files.readAllLines(replaced.resolve(".claude/projects/-workspace/" + sessionId + ".jsonl"))
                .size());
        // the snapshot's label said ephemeral: the next coi command would have deleted the restored container
        assertEquals("true", incus.instance(name).orElseThrow().config().get("user.coi.persistent"));
        System.out.printf("snapshot timings: coi snapshot create %d ms (Incus alone %d ms), restore %d ms%n",
                createMillis, bareMillis, restoreMillis);

        environment.put("COI_CONTAINER", name);
        CliRun list = coi("snapshot", "list", "--format", "json");
        assertEquals(0, list.exitCode(), list::toString);
        JsonNode listed = json.readTree(list.out());
        assertEquals(name, listed.path("container").asText());
        assertEquals(1, listed.path("snapshots").size(), list::toString);
        JsonNode first = listed.path("snapshots").get(0);
        assertEquals("first", first.path("name").asText());
        assertFalse(first.path("stateful").asBoolean(true));
        assertFalse(first.has("expires_at"));
        assertEquals(sessionId, first.path("session").path("id").asText());
        CliRun info = coi("snapshot", "info", "first", "--format", "json");
        assertEquals(0, info.exitCode(), info::toString);
        JsonNode shown = json.readTree(info.out());
        assertEquals(name, shown.path("container").asText());
        assertEquals(first, shown.path("snapshot"));

        CliRun stateful = coi("snapshot", "create", "--stateful", "live");
        assertEquals(1, stateful.exitCode(), stateful::toString);
        assertTrue(stateful.err().contains("cannot take a stateful snapshot of '" + name + "', nothing was created"),
                stateful::toString);
        assertEquals(List.of("first"), incus.snapshots(name).stream().map(InstanceSnapshot::name).toList());

        Path copy = home.resolve(".coi/snapshots").resolve(name).resolve("first");
        assertTrue(Files.isDirectory(copy.resolve(".claude")));
        CliRun delete = coi("snapshot", "delete", "first");
        assertEquals(0, delete.exitCode(), delete::toString);
        assertEquals(List.of(), incus.snapshots(name));
        assertFalse(Files.exists(copy));
    }

    @Test
    void aContainerWithoutASessionGetsAPlainSnapshotWithTheDefaultName() throws Exception {
        String plain = prefix + "plain";
        CliRun launch = coi("container", "launch", image(), plain);
        assertEquals(0, launch.exitCode(), launch::toString);

        CliRun taken = coi("snapshot", "create", "-c", plain);

        assertEquals(0, taken.exitCode(), taken::toString);
        String name = incus.snapshots(plain).getFirst().name();
        assertTrue(name.matches("snap-\\d{8}-\\d{6}"), name);
        assertTrue(taken.err().contains("Created snapshot '" + name + "' for container '" + plain + "'"), taken::toString);
        assertFalse(Files.exists(home.resolve(".coi/snapshots").resolve(plain)));
        JsonNode shown = json.readTree(coi("snapshot", "info", name, "-c", plain, "--format", "json").out());
        assertEquals(name, shown.path("snapshot").path("name").asText(), shown::toString);
        assertFalse(shown.path("snapshot").has("session"), shown::toString);
        assertEquals(0, coi("container", "stop", "--force", plain).exitCode());
        CliRun restore = coi("snapshot", "restore", name, "-f", "-c", plain);
        assertEquals(0, restore.exitCode(), restore::toString);
        assertFalse(Files.exists(home.resolve(".coi/sessions-claude")));
    }

    @Test
    void aWorkspaceWithoutContainersNamesTheFlag() {
        CliRun list = coi("snapshot", "list");
        assertEquals(1, list.exitCode(), list::toString);
        assertEquals("Error: no COI containers found for current workspace - use --container to specify\n", list.err());
    }

    /** Types a line into stub-claude's tmux session and waits for it to record the turn. */
    private void say(String container, String line, int turn) {
        String conversation = "/home/code/.claude/projects/-workspace/*.jsonl";
        // run once even when Incus loses a try that ran (a plain exec's retry typed the line twice in a full run,
        // both tries having checked before either typed); the line is typed only while the turn is not recorded
        CommandResult sent = incus.execOnce(container, List.of("bash", "-c", "[ \"$(cat " + conversation
                        + " 2>/dev/null | wc -l)\" -ge " + turn + " ] || tmux send-keys -t \"$0\" \"$1\" Enter",
                        "coi-" + container + ":", line),
                new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code")));
        assertEquals(0, sent.exitCode(), sent::toString);
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (true) {
            CommandResult lines = asRoot(container, "cat " + conversation + " 2>/dev/null | wc -l");
            if (lines.stdout().strip().equals(Integer.toString(turn))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stub-claude did not record turn " + turn + " within " + ANSWER + ": "
                        + asRoot(container, "cat " + conversation).stdout());
            }
            pause();
        }
    }

    private CommandResult asRoot(String container, String script) {
        CommandResult result = incus.exec(container, List.of("bash", "-c", script), ExecOptions.asRoot());
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    private String marker(String container) {
        return new String(incus.files().read(container, MARKER).content(), StandardCharsets.UTF_8);
    }

    private List<String> savedTurns(String sessionId) throws Exception {
        Path conversation = home.resolve(".coi/sessions-claude").resolve(sessionId)
                .resolve(".claude/projects/-workspace/" + sessionId + ".jsonl");
        return Files.exists(conversation) ? Files.readAllLines(conversation) : List.of();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
