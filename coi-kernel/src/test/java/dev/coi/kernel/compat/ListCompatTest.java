package dev.coi.kernel.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.incus.AnsweringIncus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coi list} (reference-behaviour.md 4.4) in text and JSON, and the session listings that say
 * {@code No active sessions} / {@code Active sessions:} ({@code coi attach} without a name, 4.3; {@code coi tmux
 * list}, 4.14). Against an Incus that answers with canned containers, and saved sessions laid out as the reference
 * lays them out (5.1, 5.2).
 */
class ListCompatTest {

    private static final String ID = "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
    /** A stopped persistent session container, as Incus lists it. */
    private static final String STOPPED = """
            [{"name":"coi-0a1b2c3d-2","type":"container","status":"Stopped","ephemeral":false,\
            "config":{"user.coi.persistent":"true","user.coi.workspace":"/home/me/project","image.description":\
            "coi image"},"devices":{},"expanded_config":{"user.coi.persistent":"true"},"expanded_devices":{},\
            "profiles":["default"],"created_at":"2026-01-02T03:04:05Z"}]""";

    @TempDir
    Path home;

    private AnsweringIncus incus;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() throws Exception {
        incus = AnsweringIncus.listen(home.resolve("incus.socket"));
    }

    @AfterEach
    void tearDown() throws Exception {
        incus.close();
    }

    @Test
    void listWithoutContainersShowsActiveContainersNone() {
        containers("[]");
        CliRun run = coi("list");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("Active Containers:\n------------------\n  (none)\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void listShowsEachContainerWithItsModeAndDetails() {
        containers(STOPPED);

        CliRun run = coi("list");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("""
                Active Containers:
                ------------------
                  coi-0a1b2c3d-2 (persistent)
                    Status: Stopped
                    Created: %s
                    Image: coi image
                    Workspace: /home/me/project
                    Workspace mode: mount
                """.formatted(seconds("2026-01-02T03:04:05Z")), run.out());
    }

    @Test
    void listAllAddsTheSavedSessionsSection() throws Exception {
        containers("[]");
        String savedAt = savedSession(ID, "/home/me/project");

        CliRun run = coi("list", "--all");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("Active Containers:\n------------------\n  (none)\n\nSaved Sessions:\n"
                + "---------------\n  " + ID + "\n    Saved: " + savedAt + "\n    Workspace: /home/me/project\n"),
                run::toString);
    }

    @Test
    void listAllWithoutSavedSessionsShowsNone() {
        containers("[]");
        CliRun run = coi("list", "--all");

        assertEquals("Active Containers:\n------------------\n  (none)\n\nSaved Sessions:\n---------------\n  (none)\n",
                run.out());
    }

    @Test
    void listJsonHasActiveContainersAlwaysAsAnArray() {
        containers("[]");
        CliRun run = coi("list", "--format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("{\n  \"active_containers\": []\n}\n", run.out());
    }

    @Test
    void listJsonContainersHaveTheReferenceKeysInAlphabeticalOrder() throws Exception {
        containers(STOPPED);

        JsonNode container = json.readTree(coi("list", "--format=json").out()).get("active_containers").get(0);

        assertEquals(List.of("created_at", "image", "ipv4", "name", "persistent", "status", "workspace",
                "workspace_mode"), names(container));
        assertEquals(seconds("2026-01-02T03:04:05Z"), container.get("created_at").asText());
        assertEquals("coi image", container.get("image").asText());
        assertEquals("", container.get("ipv4").asText());
        assertEquals("coi-0a1b2c3d-2", container.get("name").asText());
        assertTrue(container.get("persistent").asBoolean());
        assertEquals("Stopped", container.get("status").asText());
        assertEquals("/home/me/project", container.get("workspace").asText());
        assertEquals("mount", container.get("workspace_mode").asText(), "no label: made by an older coi, mounted");
    }

    @Test
    void listJsonSavedSessionsHaveTheReferenceKeysIdSavedAtWorkspace() throws Exception {
        containers("[]");
        String savedAt = savedSession(ID, "/home/me/project");
        Files.createDirectories(home.resolve(".coi/sessions-claude/no-metadata/.claude"));

        CliRun run = coi("list", "--all", "--format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        JsonNode sessions = json.readTree(run.out()).get("saved_sessions");
        JsonNode known = sessions.get(0).get("ID").asText().equals(ID) ? sessions.get(0) : sessions.get(1);
        assertEquals(List.of("ID", "SavedAt", "Workspace"), names(known).subList(0, 3));
        assertEquals(ID, known.get("ID").asText());
        assertEquals(savedAt, known.get("SavedAt").asText());
        assertEquals("/home/me/project", known.get("Workspace").asText());
        JsonNode unknown = sessions.get(0) == known ? sessions.get(1) : sessions.get(0);
        assertEquals("no-metadata", unknown.get("ID").asText());
        assertEquals("", unknown.get("Workspace").asText(), "Workspace is there also when unknown");
        List<String> sorted = new ArrayList<>(names(known));
        sorted.sort(null);
        assertEquals(sorted, names(known), "keys in byte order, as the reference sorts them");
    }

    @Test
    void listRejectsFormatsOtherThanTextAndJson() {
        CliRun run = coi("list", "--format", "yaml");

        assertEquals("", run.out());
        assertTrue(run.err().contains("invalid format 'yaml': must be 'text' or 'json'"), run::toString);
        assertFalse(run.exitCode() == 0, run::toString);
    }

    @Test
    void attachWithoutSessionsSaysNoActiveSessions() {
        containers("[]");
        CliRun run = coi("attach");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("No active sessions\n", run.out());
    }

    @Test
    void tmuxListWithoutSessionsSaysNoActiveSessions() {
        containers("[]");
        CliRun run = coi("tmux", "list");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("No active sessions\n", run.out());
    }

    /** A saved session as the reference writes it (5.1, 5.2); returns its {@code saved_at}. */
    private String savedSession(String id, String workspace) throws Exception {
        Path session = Files.createDirectories(home.resolve(".coi/sessions-claude").resolve(id).resolve(".claude"))
                .getParent();
        String savedAt = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX").withZone(ZoneId.systemDefault())
                .format(Instant.parse("2026-01-31T10:00:00Z"));
        Files.writeString(session.resolve("metadata.json"), """
                {
                  "session_id": "%s",
                  "container_name": "coi-0a1b2c3d-1",
                  "persistent": false,
                  "workspace": "%s",
                  "saved_at": "%s"
                }
                """.formatted(id, workspace, savedAt));
        return savedAt;
    }

    /** What Incus lists as its instances: a JSON array. */
    private void containers(String instances) {
        incus.get("/1.0/instances?recursion=1", instances);
    }

    private CliRun coi(String... args) {
        return CliRun.of(home, Map.of("INCUS_SOCKET", home.resolve("incus.socket").toString()), args);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String seconds(String instant) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault())
                .format(Instant.parse(instant));
    }
}
