package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coi tool list}: the tools of the bundled plugins and the tools declared in tool files, with their source. */
class ToolListTest {

    private static final String STUB = """
            description = "a tool declared as data"
            binary = "stub-tool"
            config_dir = ".stub"
            env = ["STUB_TOKEN"]
            [command]
            new = ["stub-tool"]
            """;

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    private Path userTools() throws Exception {
        return Files.createDirectories(home.resolve(".config/coi/tools"));
    }

    @Test
    void pluginToolsAndDeclaredToolsAreListedWithTheirSource() throws Exception {
        Path file = Files.writeString(userTools().resolve("stub.toml"), STUB);
        Files.writeString(home.resolve(".config/coi/config.toml"), "[tool]\nname = \"stub\"\n");

        CliRun run = CliRun.of(home, "tool", "list", "--format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        JsonNode tools = json.readTree(run.out()).get("tools");
        assertEquals(List.of("claude", "aider", "codex", "gemini", "opencode", "pi", "stub"), names(tools));
        assertEquals("bundled", tools.get(0).get("source").asText());
        assertEquals("tool-claude", tools.get(0).get("plugin").asText());
        assertEquals(".aider", tools.get(1).get("config_dir").asText());
        assertEquals("bundled_data", tools.get(2).get("source").asText());
        assertEquals("OPENAI_API_KEY", tools.get(2).get("env").get(0).asText());
        JsonNode stub = tools.get(6);
        assertEquals("data", stub.get("source").asText());
        assertEquals(file.toString(), stub.get("location").asText());
        assertEquals("stub-tool", stub.get("binary").asText());
        assertEquals("STUB_TOKEN", stub.get("env").get(0).asText());
        assertTrue(stub.get("selected").asBoolean());
        assertFalse(tools.get(0).get("selected").asBoolean());
    }

    @Test
    void theTextTableMarksTheSelectedTool() throws Exception {
        Files.writeString(userTools().resolve("stub.toml"), STUB);

        CliRun run = CliRun.of(home, "tool", "list");

        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("NAME"), run::toString);
        assertTrue(lines.get(1).startsWith("claude *"), run::toString);
        assertTrue(lines.get(3).matches("codex +bundled tool file +(yes|no|\\?) +codex +\\.codex +- +coi's codex\\.toml"),
                run::toString);
        assertTrue(lines.get(7).matches("stub +tool file +(yes|no|\\?) +stub-tool +\\.stub +.*stub\\.toml"), run::toString);
        assertTrue(run.err().contains("* = the tool coi runs (tool.name = \"claude\")"), run::toString);
    }

    @Test
    void eachToolShowsTheCredentialFilesItWouldGetByPathOnly() throws Exception {
        Path credentials = Files.createDirectories(home.resolve(".stub")).resolve("token.json");
        Files.writeString(credentials, "{\"secret\":\"never shown\"}");
        Files.writeString(userTools().resolve("stub.toml"), STUB + """
                [[files]]
                path = ".stub/token.json"
                kind = "credentials"
                [[files]]
                path = ".stub/other.json"
                kind = "credentials"
                """);

        CliRun json = CliRun.of(home, "tool", "list", "--format", "json");
        CliRun text = CliRun.of(home, "tool", "list");

        JsonNode tools = this.json.readTree(json.out()).get("tools");
        assertEquals(List.of(), List.copyOf(this.json.convertValue(tools.get(0).get("credentials"), List.class)),
                "no ~/.claude/.credentials.json in this home");
        assertEquals(List.of(credentials.toString()),
                List.copyOf(this.json.convertValue(tools.get(6).get("credentials"), List.class)),
                "the one that exists");
        assertTrue(text.out().lines()
                .anyMatch(line -> line.matches("stub +tool file +(yes|no|\\?) +stub-tool +\\.stub +~/\\.stub/token\\.json +.*")),
                text::toString);
        assertFalse(json.out().contains("never shown") || text.out().contains("never shown"));
    }

    @Test
    void aBrokenFileIsReportedOnStderrAndTheRestListed() throws Exception {
        Path broken = Files.writeString(userTools().resolve("broken.toml"), "binary = \"x\"\n");

        CliRun run = CliRun.of(home, "tool", "list", "--format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("claude", "aider", "codex", "gemini", "opencode", "pi"), names(json.readTree(run.out()).get("tools")));
        assertTrue(run.err().contains("skipped: " + broken + ": " + broken + ": command: missing; add a [command] table"),
                run::toString);
        assertEquals(broken.toString(), json.readTree(run.out()).get("problems").get(0).get("where").asText());
    }

    @Test
    void aUsersFileReplacesAToolCoiShipsAsAFile() throws Exception {
        Path codex = Files.writeString(userTools().resolve("codex.toml"), STUB);

        CliRun run = CliRun.of(home, "tool", "list", "--format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        JsonNode replaced = json.readTree(run.out()).get("tools").get(2);
        assertEquals("codex", replaced.get("name").asText());
        assertEquals("data", replaced.get("source").asText());
        assertEquals(codex.toString(), replaced.get("location").asText());
        assertEquals("stub-tool", replaced.get("binary").asText());
        assertFalse(run.err().contains("skipped"), run::toString);
    }

    @Test
    void aFileCannotTakeTheNameOfAPluginTool() throws Exception {
        Path claude = Files.writeString(userTools().resolve("claude.toml"), STUB);

        CliRun run = CliRun.of(home, "tool", "list", "--format", "json");

        JsonNode tools = json.readTree(run.out()).get("tools");
        assertEquals(List.of("claude", "aider", "codex", "gemini", "opencode", "pi"), names(tools));
        assertEquals("bundled", tools.get(0).get("source").asText());
        assertTrue(run.err().contains(claude + ": the tool claude is already provided by the bundled plugin tool-claude;"
                + " this file was skipped"), run::toString);
    }

    @Test
    void aShellWithABrokenDeclaredToolSaysWhatIsWrongBeforeMakingAnything() throws Exception {
        Path broken = Files.writeString(userTools().resolve("broken.toml"), "binary = \"x\"\n");
        Path workspace = Files.createDirectories(home.resolve("ws"));

        CliRun run = CliRun.of(home, "shell", "--tool", "broken",
                "--workspace", workspace.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("the tool 'broken' (tool.name) is declared in " + broken
                + ", which cannot be used"), run::toString);
        assertTrue(run.err().contains("command: missing"), run::toString);
    }

    private static List<String> names(JsonNode tools) {
        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.get("name").asText()));
        return names;
    }
}
