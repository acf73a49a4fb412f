package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.InstanceSpec;
import dev.coi.kernel.incus.TestImage;
import dev.coi.kernel.incus.TestInstances;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coi list}, {@code persist}, {@code kill}, {@code shutdown} and {@code clean} against the real Incus
 * daemon, with busybox containers labelled as {@code coi shell} labels its containers, and the bundled Claude
 * plugin saving {@code /home/code/.claude}. Every test has a container name prefix of its own, so that it sees
 * only its own containers. tmux is not in the busybox image; {@code coi tmux} and {@code coi attach} against a real
 * tmux are covered by the end-to-end tests with the coi image.
 */
class SessionCommandsIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static IncusClient incus;
    private static String image;

    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> created = new ArrayList<>();
    private String prefix;

    @BeforeAll
    static void connect() {
        incus = IncusClient.local(null);
        image = TestImage.fingerprint(incus);
    }

    @BeforeEach
    void choosePrefix() {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        prefix = TestInstances.PREFIX + HexFormat.of().formatHex(random) + "-";
    }

    @AfterEach
    void deleteContainers() {
        created.forEach(incus::deleteForcibly);
    }

    private CliRun coi(String... args) {
        return coiAnswering("", args);
    }

    private CliRun coiAnswering(String answers, String... args) {
        return CliRun.answering(answers, home, Map.of("COI_CONTAINER_PREFIX", prefix), args);
    }

    /** A session container as coi shell makes it: labelled, and with a saved-state directory for the tool. */
    private Session session(int slot, boolean persistent, boolean start) {
        return session(prefix + "9dad1e4e-" + slot, persistent, start);
    }

    private Session session(String name, boolean persistent, boolean start) {
        String id = UUID.randomUUID().toString();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("user.coi.session", id);
        labels.put("user.coi.workspace", workspace.toString());
        labels.put("user.coi.persistent", Boolean.toString(persistent));
        labels.put("user.coi.tool", "claude");
        labels.put("user.coi.image", "coi-test");
        labels.put("user.coi.uid", "1000");
        labels.put("user.coi.home", "/home/code");
        create(name, labels);
        incus.start(name);
        TestInstances.awaitInit(incus, name);
        String state = "conversation of " + id;
        assertEquals(0, incus.exec(name, List.of("sh", "-c", "mkdir -p /home/code/.claude/projects && printf '%s' '"
                + state + "' > /home/code/.claude/projects/session.jsonl"),
                new ExecOptions(1000, 1000, "/home/code", Map.of())).exitCode());
        if (!start) {
            incus.stop(name, java.time.Duration.ZERO, true);
        }
        return new Session(name, id, state);
    }

    private record Session(String name, String id, String state) {
    }

    private void create(String name, Map<String, String> config) {
        created.add(name);
        incus.create(InstanceSpec.fromFingerprint(name, image).withConfig(config)
                .withDevices(Map.of("scratch", Map.of("type", "disk", "source", workspace.toString(),
                        "path", "/scratch"))));
    }

    private boolean exists(String name) {
        return incus.instance(name).isPresent();
    }

    private Path saved(String id) {
        return home.resolve(".coi/sessions-claude").resolve(id);
    }

    private String savedState(String id) throws Exception {
        return Files.readString(saved(id).resolve(".claude/projects/session.jsonl"));
    }

    private SessionMetadata metadata(String id) throws Exception {
        return SessionMetadata.fromJson(Files.readAllBytes(saved(id).resolve("metadata.json")));
    }

    @Test
    void listShowsSessionContainersFromTheirLabelsAndReapsLeftovers() throws Exception {
        Session ephemeral = session(1, false, true);
        Session persistent = session(2, true, false);
        Session leftOver = session(3, false, false);
        String unlabelled = prefix + "9dad1e4e-4";
        create(unlabelled, Map.of());
        String other = prefix + "not-a-session";
        create(other, Map.of("user.coi.session", "x"));

        CliRun list = coi("list");

        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains("  " + ephemeral.name() + " (ephemeral)\n    Status: Running\n"), list::toString);
        assertTrue(list.out().contains("  " + persistent.name() + " (persistent)\n    Status: Stopped\n"),
                list::toString);
        assertTrue(list.out().contains("    Image: coi-test\n    Workspace: " + workspace + "\n"), list::toString);
        assertTrue(list.out().contains("  " + unlabelled + " (persistent)\n"), list::toString);
        assertFalse(list.out().contains(other), list::toString);
        assertFalse(list.out().contains(leftOver.name()), list::toString);
        assertTrue(list.err().contains("Saved the session of 1 stopped ephemeral container"), list::toString);
        assertFalse(exists(leftOver.name()));
        assertEquals(leftOver.state(), savedState(leftOver.id()));

        CliRun asJson = coi("list", "--all", "--format", "json");

        assertEquals(0, asJson.exitCode(), asJson::toString);
        assertEquals("", asJson.err());
        JsonNode document = json.readTree(asJson.out());
        JsonNode containers = document.get("active_containers");
        assertEquals(3, containers.size(), asJson::toString);
        assertEquals(ephemeral.name(), containers.get(0).get("name").asText());
        assertEquals("Running", containers.get(0).get("status").asText());
        assertFalse(containers.get(0).get("persistent").asBoolean());
        assertEquals(workspace.toString(), containers.get(0).get("workspace").asText());
        assertEquals("coi-test", containers.get(0).get("image").asText());
        assertTrue(containers.get(0).get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
        assertTrue(containers.get(1).get("persistent").asBoolean());
        assertEquals("coi test image (busybox)", containers.get(2).get("image").asText());
        assertFalse(containers.get(2).has("workspace"));
        JsonNode sessions = document.get("saved_sessions");
        assertEquals(1, sessions.size(), asJson::toString);
        assertEquals(leftOver.id(), sessions.get(0).get("id").asText());
        assertEquals(leftOver.id(), sessions.get(0).get("ID").asText());
        assertEquals(workspace.toString(), sessions.get(0).get("workspace").asText());
        assertEquals("claude", sessions.get(0).get("tool").asText());
    }

    @Test
    void persistKeepsTheContainerAndMarksItsSavedSession() throws Exception {
        Session session = session(1, false, true);
        new SessionStore(home.resolve(".coi"), "claude").writeMetadata(new SessionMetadata(session.id(),
                session.name(), false, workspace.toString(), OffsetDateTime.now(), "claude", "coi-test"));

        CliRun persist = coi("persist", session.name());

        assertEquals(0, persist.exitCode(), persist::toString);
        assertTrue(persist.err().contains("  ✓ Persisted " + session.name()), persist::toString);
        var instance = incus.instance(session.name()).orElseThrow();
        assertEquals("true", instance.config().get("user.coi.persistent"));
        assertEquals(session.id(), instance.config().get("user.coi.session"));
        assertEquals(workspace.toString(), instance.devices().get("scratch").get("source"));
        assertTrue(metadata(session.id()).persistent());

        incus.stop(session.name(), java.time.Duration.ZERO, true);
        CliRun list = coi("list", "--format", "json");

        assertTrue(exists(session.name()), "a persistent container survives being stopped and listed");
        assertTrue(json.readTree(list.out()).get("active_containers").get(0).get("persistent").asBoolean());
    }

    @Test
    void killSavesTheSessionThenDeletesTheContainer() throws Exception {
        Session session = session(1, true, true);

        CliRun kill = coi("kill", session.name());

        assertEquals(0, kill.exitCode(), kill::toString);
        assertFalse(exists(session.name()));
        assertEquals(session.state(), savedState(session.id()));
        assertTrue(metadata(session.id()).persistent());
        assertTrue(kill.err().contains("Killed 1 container(s)"), kill::toString);
    }

    @Test
    void killAsksBeforeSeveralAndReportsUnknownNames() {
        Session first = session(1, false, true);
        Session second = session(2, false, true);

        CliRun refused = coi("kill", first.name(), second.name());

        assertEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("Kill 2 container(s)? [y/N]: "), refused::toString);
        assertTrue(refused.err().contains("Cancelled."), refused::toString);
        assertTrue(exists(first.name()) && exists(second.name()));

        CliRun partly = coiAnswering("y\n", "kill", first.name(), prefix + "9dad1e4e-9");

        assertEquals(1, partly.exitCode(), partly::toString);
        assertTrue(partly.err().contains("Container " + prefix + "9dad1e4e-9 does not exist"), partly::toString);
        assertTrue(partly.err().contains("failed to kill specified containers: " + prefix + "9dad1e4e-9"),
                partly::toString);
        assertFalse(exists(first.name()));
        assertTrue(exists(second.name()));

        CliRun all = coi("kill", "--all", "--force");

        assertEquals(0, all.exitCode(), all::toString);
        assertFalse(exists(second.name()));
    }

    @Test
    void shutdownSavesTheSessionsAndDeletesEphemeralAndPersistentContainers() throws Exception {
        Session ephemeral = session(1, false, true);
        Session persistent = session(2, true, true);

        CliRun shutdown = coi("shutdown", "--all", "--force", "--timeout", "20");

        assertEquals(0, shutdown.exitCode(), shutdown::toString);
        assertTrue(shutdown.err().contains("Graceful shutdown successful"), shutdown::toString);
        assertFalse(exists(ephemeral.name()));
        assertEquals(ephemeral.state(), savedState(ephemeral.id()));
        assertFalse(metadata(ephemeral.id()).persistent());
        assertFalse(exists(persistent.name()));
        assertEquals(persistent.state(), savedState(persistent.id()));
        assertTrue(metadata(persistent.id()).persistent(), "resuming it is persistent again");
        assertTrue(shutdown.err().contains("Shutdown 2 container(s)"), shutdown::toString);
    }

    @Test
    void attachPicksTheOnlyRunningSessionOrListsThem() {
        CliRun none = coi("attach");

        assertEquals(0, none.exitCode(), none::toString);
        assertEquals("No active sessions\n", none.out());

        Session running = session(1, false, true);
        Session stopped = session(new ContainerNames(prefix).name(workspace, 2), true, false);
        CliRun only = coi("attach");

        // the busybox image has no tmux: reaching the tmux check shows which container was picked
        assertEquals(1, only.exitCode(), only::toString);
        assertTrue(only.err().contains("Attaching to " + running.name() + "..."), only::toString);
        assertTrue(only.err().contains("no tmux session found in container " + running.name()), only::toString);
        assertTrue(only.err().contains("coi attach " + running.name() + " --bash"), only::toString);

        CliRun slot = coi("attach", "--slot", "2", "-w", workspace.toString());

        assertEquals(1, slot.exitCode(), slot::toString);
        assertTrue(slot.err().contains("container " + stopped.name() + " not found or not running (slot 2 of "
                + workspace + ")"), slot::toString);

        Session second = session(3, false, true);
        CliRun several = coi("attach");

        assertEquals(0, several.exitCode(), several::toString);
        assertEquals("Active sessions:\n  1. " + running.name() + "\n  2. " + second.name()
                + "\n\nUse: coi attach <container-name>\n", several.out());
    }

    @Test
    void cleanDeletesStoppedContainersAfterSavingAndOnlyOrphanedSessions() throws Exception {
        Session running = session(1, false, true);
        Session stopped = session(2, true, false);
        SessionStore store = new SessionStore(home.resolve(".coi"), "claude");
        store.writeMetadata(new SessionMetadata(running.id(), running.name(), false, workspace.toString(),
                OffsetDateTime.now(), "claude", "coi-test"));
        String orphan = UUID.randomUUID().toString();
        store.writeMetadata(new SessionMetadata(orphan, prefix + "9dad1e4e-7", false, workspace.toString(),
                OffsetDateTime.now(), "claude", "coi-test"));

        CliRun declined = coi("clean", "--all");

        assertEquals(0, declined.exitCode(), declined::toString);
        assertTrue(declined.err().contains("Delete these containers? [y/N]: "), declined::toString);
        assertTrue(exists(stopped.name()));

        CliRun containers = coiAnswering("y\n", "clean");

        assertEquals(0, containers.exitCode(), containers::toString);
        assertFalse(exists(stopped.name()));
        assertTrue(exists(running.name()));
        assertEquals(stopped.state(), savedState(stopped.id()));
        assertTrue(Files.exists(saved(orphan)), "without --sessions saved sessions stay");

        CliRun sessions = coiAnswering("y\n", "clean", "--sessions");

        assertEquals(0, sessions.exitCode(), sessions::toString);
        assertTrue(sessions.err().contains("Found 2 saved session(s) whose container is gone"), sessions::toString);
        assertFalse(Files.exists(saved(orphan)));
        assertFalse(Files.exists(saved(stopped.id())));
        assertTrue(Files.exists(saved(running.id())), "the session of a running container stays");
        assertTrue(exists(running.name()));
        assertTrue(sessions.err().contains("✓ Cleaned 2 item(s)"), sessions::toString);
    }
}
