package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.sessions.SavedSession;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.manage.ContainerSummary;
import dev.coi.kernel.sessions.manage.SavedSessions.ToolSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The session commands without Incus: usage errors, {@code coi info}, and the shapes of {@code coi list}. */
class SessionCommandsTest {

    private static final String ID = "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"kill", "shutdown", "persist", "kill --all coi-11111111-1", "shutdown --timeout 0 x",
        "list --format xml", "info --format yaml", "attach coi-11111111-1 --slot 1", "attach --slot 101",
        "attach --slot 0", "tmux send onlyname", "info a b"})
    void wrongUseIsAUsageError(String command) {
        CliRun run = CliRun.of(home, command.split(" "));

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("Error: "), run::toString);
    }

    @Test
    void killWithoutNamesSaysHowToFindThem() {
        CliRun run = CliRun.of(home, "kill");

        assertTrue(run.err().contains("no container names provided - use 'coi list' to see active containers"),
                run::toString);
    }

    @Test
    void infoWithoutSessionsSaysWhereToLook() {
        CliRun run = CliRun.of(home, "info");

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("Error: no sessions found (specify session ID or use 'coi list --all')\n", run.err());
    }

    @Test
    void infoOfAnUnknownSessionFails() {
        CliRun run = CliRun.of(home, "info", "nope");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("session not found: nope"), run::toString);
    }

    @Test
    void infoShowsTheNewestSessionWithAResumeCommandThatWorks() throws Exception {
        SessionStore store = new SessionStore(home.resolve(".coi"), "claude");
        store.writeMetadata(new SessionMetadata("older", "coi-11111111-1", false, "/ws/old",
                OffsetDateTime.parse("2026-01-01T10:00:00Z"), "claude", "coi"));
        store.writeMetadata(new SessionMetadata(ID, "coi-9dad1e4e-2", true, "/home/me/project",
                OffsetDateTime.parse("2026-01-31T10:00:00Z"), "claude", "coi"));
        Path state = Files.createDirectories(store.sessionDirectory(ID).resolve(".claude/projects"));
        Files.writeString(state.resolve("x.jsonl"), "x".repeat(2048));

        CliRun run = CliRun.of(home, "info");

        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.startsWith("Session Information\n===================\n\nSession ID:     " + ID + "\n"), out);
        assertTrue(out.contains("Container:      coi-9dad1e4e-2\n"), out);
        assertTrue(out.contains("Workspace:      /home/me/project\n"), out);
        assertTrue(out.contains("Mode:           persistent\n"), out);
        assertTrue(out.contains("Session Data:   ✓ Present"), out);
        assertTrue(out.contains("Data Size:      2.0 KB\n"), out);
        assertTrue(out.contains("Session Path:   " + store.sessionDirectory(ID) + "\n"), out);
        assertTrue(out.endsWith("Resume:         coi shell --resume=" + ID + "\n"), out);

        CliRun older = CliRun.of(home, "info", "older", "--format", "json");
        JsonNode info = json.readTree(older.out());
        assertEquals("older", info.get("id").asText());
        assertEquals("claude", info.get("tool").asText());
        assertEquals("coi-11111111-1", info.get("container_name").asText());
        assertEquals("/ws/old", info.get("workspace").asText());
        assertEquals(false, info.get("has_state").asBoolean());
        assertEquals("coi shell --resume=older", info.get("resume_command").asText());
        assertTrue(info.has("saved_at") && info.has("data_size") && info.has("path"), older::toString);
    }

    @Test
    void infoWarnsAboutMissingMetadata() throws Exception {
        Files.createDirectories(home.resolve(".coi/sessions-claude/bare/.claude"));

        CliRun run = CliRun.of(home, "info", "bare");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("Warning: metadata.json is missing"), run::toString);
        assertTrue(run.out().contains("Session ID:     bare\n"), run::toString);
    }

    @Test
    void listJsonHasTheReferenceKeysAndArraysNeverNull() throws Exception {
        ContainerSummary running = new ContainerSummary("coi-9dad1e4e-1", "Running", false, Optional.of("10.0.0.5"),
                Optional.of(Path.of("/home/me/project")), Optional.of("coi"),
                Optional.of(Instant.parse("2026-01-31T10:00:00Z")), Optional.of("member1"),
                Map.of("limits.memory", "2GiB", "limits.cpu", "2"), "copy");
        ContainerSummary unlabelled = new ContainerSummary("coi-9dad1e4e-2", "Stopped", true, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), "mount");
        ToolSession session = new ToolSession("claude", new SavedSession(ID, home, Optional.of(new SessionMetadata(ID,
                "coi-9dad1e4e-1", false, "/home/me/project", OffsetDateTime.parse("2026-01-31T10:00:00Z"), "claude",
                "coi")), Optional.empty(), true));

        JsonNode list = json.readTree(render(ListCommand.json(List.of(running, unlabelled), Optional.of(List.of(session)))));

        assertEquals(List.of("active_containers", "saved_sessions"), fieldNames(list));
        JsonNode first = list.get("active_containers").get(0);
        assertEquals(List.of("created_at", "image", "ipv4", "limits", "location", "name", "persistent", "status",
                "workspace", "workspace_mode"), fieldNames(first));
        assertEquals("member1", first.get("location").asText(), "the cluster member it is on");
        assertEquals("copy", first.get("workspace_mode").asText());
        assertEquals(List.of("limits.cpu", "limits.memory"), fieldNames(first.get("limits")));
        assertEquals("2GiB", first.get("limits").get("limits.memory").asText());
        assertEquals("10.0.0.5", first.get("ipv4").asText());
        assertEquals(false, first.get("persistent").asBoolean());
        JsonNode second = list.get("active_containers").get(1);
        assertEquals(List.of("created_at", "image", "ipv4", "name", "persistent", "status", "workspace_mode"),
                fieldNames(second), "no location off a cluster");
        assertEquals("", second.get("ipv4").asText());
        assertEquals(List.of("ID", "SavedAt", "Workspace", "id", "saved_at", "tool", "workspace"),
                fieldNames(list.get("saved_sessions").get(0)));
        assertEquals(ID, list.get("saved_sessions").get(0).get("id").asText());

        assertEquals("{\n  \"active_containers\": []\n}\n", render(ListCommand.json(List.of(), Optional.empty())));
        assertEquals("{\n  \"active_containers\": [],\n  \"saved_sessions\": []\n}\n",
                render(ListCommand.json(List.of(), Optional.of(List.of()))));
    }

    @Test
    void listTextShowsWhatIsKnown() {
        ContainerSummary unlabelled = new ContainerSummary("coi-9dad1e4e-2", "Stopped", true, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), "mount");

        assertEquals(List.of("Active Containers:", "------------------", "  coi-9dad1e4e-2 (persistent)",
                "    Status: Stopped"), ListCommand.text(List.of(unlabelled), Optional.empty()));
        ContainerSummary limited = new ContainerSummary("coi-9dad1e4e-3", "Running", false, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("member1"),
                Map.of("limits.read", "10MiB", "limits.cpu", "2"), "mount");
        assertEquals(List.of("  coi-9dad1e4e-3 (ephemeral)", "    Status: Running", "    Member: member1",
                "    Limits: limits.cpu=2, limits.read=10MiB"),
                ListCommand.text(List.of(limited), Optional.empty()).subList(2, 6));
        assertEquals(List.of("Active Containers:", "------------------", "  (none)", "", "Saved Sessions:",
                "---------------", "  (none)"), ListCommand.text(List.of(), Optional.of(List.of())));
    }

    private static String render(Object value) {
        StringWriter out = new StringWriter();
        new Output(new PrintWriter(out), new PrintWriter(new StringWriter()), false, false).json(value);
        return out.toString();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
