package dev.coi.kernel.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.PermissionMode;
import dev.coi.api.ToolFile;
import dev.coi.api.ToolLaunch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tool declared in TOML: what a good file gives, and what a bad one says. */
class ToolDefinitionReaderTest {

    /** A full declaration, as the documentation shows it. */
    static final String FULL = """
            description = "the stub tool"
            binary = "stub-tool"
            config_dir = ".stub"
            env = ["STUB_TOKEN"]
            install = ["echo installing", "stub-tool --version"]

            [command]
            new = ["stub-tool", "--session-id", "{session_id}"]
            resume = ["stub-tool", "--resume", "{tool_session_id}", "--coi={session_id}"]

            [session_id]
            newest = "sessions/*.json"

            [[files]]
            path = ".stub/credentials.json"
            kind = "credentials"

            [[files]]
            path = ".stub/settings.json"
            kind = "settings"
            keys = ["theme", "model"]

            [[files]]
            path = ".stubrc"
            kind = "plain"

            [sandbox_settings]
            confirm = false
            limits = { turns = 3, names = ["a", "b"] }
            """;

    @TempDir
    Path dir;

    private Path write(String name, String toml) throws IOException {
        return Files.writeString(dir.resolve(name), toml);
    }

    @Test
    void aFullDeclarationGivesEveryPartOfTheTool() throws Exception {
        Path file = write("stub.toml", FULL);

        DataDefinedTool tool = ToolDefinitionReader.read(file);

        assertEquals("stub", tool.name());
        assertEquals(file.toString(), tool.source());
        assertEquals(Optional.of(file), tool.file());
        assertEquals("the stub tool", tool.description());
        assertEquals("stub-tool", tool.binary());
        assertEquals(Optional.of(".stub"), tool.configDirectory());
        assertEquals(List.of("STUB_TOKEN"), tool.environment());
        assertEquals(Optional.of("echo installing\nstub-tool --version\n"), tool.imageInstallScript());
        assertEquals(List.of(new ToolFile(".stub/credentials.json", ToolFile.Kind.CREDENTIALS),
                ToolFile.settings(".stub/settings.json", "theme", "model"),
                new ToolFile(".stubrc", ToolFile.Kind.PLAIN)), tool.hostFiles());
        assertEquals(Map.of("confirm", false, "limits", Map.of("turns", 3L, "names", List.of("a", "b"))),
                tool.sandboxSettings());
    }

    @Test
    void commandLinesGetTheSessionIdsFilledIn() throws Exception {
        DataDefinedTool tool = ToolDefinitionReader.read(write("stub.toml", FULL));

        assertEquals(List.of("stub-tool", "--session-id", "c0ffee"), tool.commandLine(ToolLaunch.fresh("c0ffee")));
        assertEquals(List.of("stub-tool", "--resume", "t-42", "--coi=c0ffee"),
                tool.commandLine(ToolLaunch.resumed("c0ffee", Optional.of("t-42"))));
    }

    @Test
    void resumingWithoutAToolSessionIdLeavesOutTheArgumentThatWouldCarryIt() throws Exception {
        DataDefinedTool tool = ToolDefinitionReader.read(write("stub.toml", FULL));

        assertEquals(List.of("stub-tool", "--resume", "--coi=c0ffee"),
                tool.commandLine(ToolLaunch.resumed("c0ffee", Optional.empty())));
    }

    @Test
    void theLeastDeclarationResumesWithTheNewCommand() throws Exception {
        DataDefinedTool tool = ToolDefinitionReader.read(write("min.toml", """
                binary = "min"
                [command]
                new = ["min", "--yes"]
                """));

        assertEquals(List.of("min", "--yes"), tool.commandLine(ToolLaunch.resumed("id", Optional.empty())));
        assertEquals(Optional.empty(), tool.configDirectory());
        assertEquals(Optional.empty(), tool.imageInstallScript());
        assertEquals(List.of(), tool.hostFiles());
        assertEquals(Optional.empty(), tool.discoverSessionId(dir));
        assertTrue(tool.description().contains("min.toml"), tool.description());
    }

    @Test
    void eachPermissionModeAddsItsArgumentsLastAndResumingWithoutAnIdHasItsOwnCommand() throws Exception {
        DataDefinedTool tool = ToolDefinitionReader.read(write("modes.toml", """
                binary = "modes"
                config_dir = ".modes"
                instructions_file = ".modes/AGENTS.md"
                [command]
                new = ["modes"]
                resume = ["modes", "resume", "{tool_session_id}"]
                resume_without_id = ["modes", "resume", "--last"]
                [permission_mode]
                bypass = ["--yolo"]
                interactive = ["--ask"]
                """));

        assertEquals(List.of("modes", "--yolo"), tool.commandLine(ToolLaunch.fresh("c")));
        assertEquals(List.of("modes", "--ask"), tool.commandLine(ToolLaunch.fresh("c")
                .withPermissionMode(PermissionMode.INTERACTIVE)));
        assertEquals(List.of("modes", "resume", "t-1", "--yolo"),
                tool.commandLine(ToolLaunch.resumed("c", Optional.of("t-1"))));
        assertEquals(List.of("modes", "resume", "--last", "--ask"), tool.commandLine(ToolLaunch.resumed("c",
                Optional.empty()).withPermissionMode(PermissionMode.INTERACTIVE)));
        assertEquals(Optional.of(".modes/AGENTS.md"), tool.instructionsFile());
    }

    @Test
    void theSessionIdIsThePartOfTheNewestNameTheExpressionMatches() throws Exception {
        DataDefinedTool tool = ToolDefinitionReader.read(write("rollouts.toml", """
                binary = "r"
                config_dir = ".r"
                [command]
                new = ["r"]
                [session_id]
                newest = "sessions/**/rollout-*.jsonl"
                match = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                """));
        Path day = Files.createDirectories(dir.resolve("state/sessions/2026/12/06"));
        Files.writeString(day.resolve("rollout-2026-12-06T10-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl"), "");

        assertEquals(Optional.of("0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), tool.discoverSessionId(dir.resolve("state")));
    }

    @Test
    void theNewFormatPartsReportTheirProblems() throws Exception {
        Path file = write("newbad.toml", """
                binary = "b"
                config_dir = ".b"
                instructions_file = "/etc/motd"
                [command]
                new = ["b"]
                resume_without_id = ["b", "{tool_session_id}"]
                [permission_mode]
                bypass = "--yes"
                sometimes = []
                [session_id]
                newest = "*.json"
                match = "[unclosed"
                """);

        List<String> problems = assertThrows(ToolDefinitionException.class, () -> ToolDefinitionReader.read(file))
                .problems();

        assertContains(problems, "instructions_file: \"/etc/motd\" must be a path relative to the home folder");
        assertContains(problems, "command.resume_without_id: unknown placeholder {tool_session_id}");
        assertContains(problems, "permission_mode.bypass: expected an array of arguments");
        assertContains(problems, "permission_mode.sometimes: unknown key; the keys of permission_mode are bypass,"
                + " interactive");
        assertContains(problems, "session_id.match: \"[unclosed\" is not a regular expression");
        assertEquals(5, problems.size(), problems::toString);
    }

    @Test
    void credentialsAreValidWhenTheyHoldAValueAndOtherFilesNever() throws Exception {
        DataDefinedTool tool = ToolDefinitionReader.read(write("stub.toml", FULL));
        ToolFile credentials = tool.hostFiles().get(0);

        assertEquals(Optional.of(Instant.MAX), tool.credentialsValidUntil(credentials, "{\"k\":\"v\"}".getBytes()));
        assertEquals(Optional.of(Instant.MAX), tool.credentialsValidUntil(credentials, "sk-123\n".getBytes()));
        // what a tool writes before anyone logged in (pi's auth.json is {}) holds no credentials
        for (String empty : new String[] {"{}", " { }\n", "[]", "\n", "null", "{\"\":\"\"}"}) {
            assertEquals(Optional.empty(), tool.credentialsValidUntil(credentials, empty.getBytes()), empty);
        }
        assertEquals(Optional.empty(), tool.credentialsValidUntil(credentials, new byte[0]));
        assertEquals(Optional.empty(), tool.credentialsValidUntil(tool.hostFiles().get(1), "{}".getBytes()));
        assertEquals(Optional.empty(), tool.credentialsValidUntil(credentials, new byte[65 * 1024]));
    }

    @Test
    void everyProblemIsReportedWithItsPlaceAndTheFix() throws Exception {
        Path file = write("bad.toml", """
                binary = 3
                config_dir = "/etc"
                env = ["GOOD", "NOT-GOOD"]
                colour = "blue"

                [command]
                new = ["bad", "{sesion_id}"]
                resume = ["bad", "{tool_session_id}"]
                extra = ["x"]

                [[files]]
                path = "../outside"
                kind = "secret"

                [[files]]
                path = ".badrc"
                kind = "plain"
                keys = ["env"]
                """);

        ToolDefinitionException error = assertThrows(ToolDefinitionException.class, () -> ToolDefinitionReader.read(file));

        List<String> problems = error.problems();
        assertEquals(file.toString(), error.file());
        assertContains(problems, file + ":4:1: colour: unknown key; the keys are binary, command, config_dir,");
        assertContains(problems, file + ":1:1: binary: expected a non-empty string");
        assertContains(problems, file + ":2:1: config_dir: \"/etc\" must be a path relative to the home folder");
        assertContains(problems, file + ":3:1: env: \"NOT-GOOD\" is not a variable name: use letters, digits and _");
        assertContains(problems, ":9:1: command.extra: unknown key; the keys of command are new, resume");
        assertContains(problems, "command.new: unknown placeholder {sesion_id}; use {session_id} ({tool_session_id}"
                + " only in resume)");
        assertContains(problems, "files[0].path: \"../outside\" must be a path relative to the home folder");
        assertContains(problems, ":13:1: files[0].kind: \"secret\" is not a kind: use credentials, settings or plain");
        assertContains(problems, ":18:1: files[1].keys: only a settings file carries keys; remove keys or use kind ="
                + " \"settings\"");
        assertEquals(9, problems.size(), problems::toString);
    }

    @Test
    void requiredPartsThatAreMissingAreNamed() throws Exception {
        Path file = write("empty.toml", "[session_id]\nnewest = \"*.json\"\n");

        List<String> problems = assertThrows(ToolDefinitionException.class, () -> ToolDefinitionReader.read(file))
                .problems();

        assertContains(problems, file + ": binary: missing; add binary = \"...\"");
        assertContains(problems, file + ": command: missing; add a [command] table");
        assertContains(problems, file + ":1:1: session_id: needs config_dir");
        assertEquals(3, problems.size(), problems::toString);
    }

    @Test
    void aSyntaxErrorHasItsLineAndColumn() throws Exception {
        Path file = write("broken.toml", "binary = \"x\"\n[command\n");

        List<String> problems = assertThrows(ToolDefinitionException.class, () -> ToolDefinitionReader.read(file))
                .problems();

        assertTrue(problems.get(0).startsWith(file + ":2:"), problems::toString);
        assertTrue(problems.get(0).contains("TOML syntax error"), problems::toString);
    }

    @Test
    void theFileNameMustBeAToolName() throws Exception {
        Path file = write("My Tool.toml", "binary = \"x\"\n[command]\nnew = [\"x\"]\n");

        List<String> problems = assertThrows(ToolDefinitionException.class, () -> ToolDefinitionReader.read(file))
                .problems();

        assertTrue(problems.get(0).contains("rename it"), problems::toString);
    }

    private static void assertContains(List<String> problems, String part) {
        assertTrue(problems.stream().anyMatch(problem -> problem.contains(part)),
                () -> "no problem contains <" + part + "> in\n" + String.join("\n", problems));
    }
}
