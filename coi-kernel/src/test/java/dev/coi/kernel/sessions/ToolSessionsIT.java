package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.ANSWER;
import static dev.coi.kernel.sessions.SessionTestBed.END;
import static dev.coi.kernel.sessions.SessionTestBed.START;
import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static dev.coi.kernel.sessions.SessionTestBed.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CoiTerminal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AI tools other than Claude in real sessions, on an image made by the real {@code coi build custom} with stub-aider,
 * stub-tool and a stand-in for the tools coi ships as tool files ({@code stub-tools-install.sh}): Aider through its
 * bundled plugin, a tool that exists only as a TOML declaration in the user's tool folder, and Codex, Gemini CLI,
 * OpenCode and pi as coi declares them.
 */
class ToolSessionsIT {

    private static final Pattern SESSION_ID = Pattern.compile("Session ID: ([0-9a-f-]{36})");
    /** What a user types to end the session from the container's shell, again while systemd cannot take it yet. */
    private static final String POWER_OFF = "for try in 1 2 3 4 5 6 7 8 9 10; do sudo poweroff && break; sleep 1; done";

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

    private CoiTerminal shell(String... args) {
        return bed.terminal().start(bed.shellArgs(args));
    }

    /** Leaves the tool and powers the container off from the shell that follows it, as a user ends a session. */
    private static void powerOff(CoiTerminal terminal, String tool) {
        terminal.type("/exit");
        terminal.awaitScreen(tool + ": bye", ANSWER);
        // under load systemd may still be starting when the tool already ended ("Failed to talk to init daemon");
        // a user says it again
        terminal.type(POWER_OFF);
    }

    /** The session ended: its container goes once it is saved. */
    private void awaitEnded(CoiTerminal terminal) {
        assertExit(0, terminal);
        try {
            bed.awaitGone(bed.containerName(1), END);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + terminal.history(), e);
        }
    }

    private static String sessionId(CoiTerminal terminal) {
        return terminal.awaitMatch(SESSION_ID, START).group(1);
    }

    @Test
    void aiderGetsItsConfigFilesAndOnlyTheNamedVariableAndResumesItsChatHistory() throws Exception {
        Files.writeString(bed.home.resolve(".aider.conf.yml"), "model: stub-model-from-host\n");
        Files.writeString(bed.home.resolve(".aider.model.settings.yml"), "- name: stub-model-from-host\n");
        Path config = Files.createDirectories(bed.home.resolve(".config/coi")).resolve("config.toml");
        Files.writeString(config, "[tool.aider]\nenv = [\"AIDER_IT_NAMED\"]\n");
        bed.environment.put("AIDER_IT_NAMED", "named-value");
        bed.environment.put("AIDER_IT_UNNAMED", "unnamed-value");

        CoiTerminal first = shell("--tool", "aider");
        String id = sessionId(first);
        first.awaitScreen("stub-aider ready turns=0", START);
        String screen = first.screen();
        assertTrue(screen.contains("stub-aider conf=[model: stub-model-from-host] model-settings=present"
                + " cwd=/workspace"), first::history);
        assertTrue(screen.contains("stub-aider env named=named-value unnamed=unset"), first::history);
        first.type("hello aider");
        first.awaitScreen("stub-aider: you said hello aider (turn 1)", ANSWER);
        powerOff(first, "stub-aider");
        awaitEnded(first);

        Path saved = bed.sessionDirectory("aider", id);
        assertEquals("aider", field(bed.metadata("aider", id), "tool"));
        String history = Files.readString(saved.resolve(".aider/history/chat.history.md"));
        assertTrue(history.contains("#### hello aider"), history);
        assertEquals(List.of(), aiderFilesIn(bed.workspace), "the workspace gets no history files");

        CoiTerminal resumed = shell("--tool", "aider", "--resume");
        resumed.awaitScreen("stub-aider restored turns=1", START);
        resumed.awaitScreen("stub-aider ready turns=1", ANSWER);
        resumed.type("again");
        resumed.awaitScreen("stub-aider: you said again (turn 2)", ANSWER);
        powerOff(resumed, "stub-aider");
        awaitEnded(resumed);
        String after = Files.readString(saved.resolve(".aider/history/chat.history.md"));
        assertTrue(after.contains("#### hello aider") && after.contains("#### again"), after);
        assertEquals(List.of(), bed.containers(), resumed::history);
    }

    @Test
    void aToolDeclaredAsDataRunsAFullSessionAndResumesWithItsOwnSessionId() throws Exception {
        Path tools = Files.createDirectories(bed.home.resolve(".config/coi/tools"));
        Files.writeString(tools.resolve("stubtool.toml"), """
                description = "stub-tool, declared as data"
                binary = "stub-tool"
                config_dir = ".stubtool"
                env = ["STUBTOOL_TOKEN"]

                [command]
                new = ["stub-tool", "--session", "{session_id}"]
                resume = ["stub-tool", "--resume", "{tool_session_id}"]

                [session_id]
                newest = "sessions/*.log"

                [[files]]
                path = ".stubtool/settings.json"
                kind = "settings"
                keys = ["theme"]

                [sandbox_settings]
                sandboxed = true
                """);
        Files.createDirectories(bed.home.resolve(".stubtool"));
        Files.writeString(bed.home.resolve(".stubtool/settings.json"), "{\"theme\": \"dark\", \"env\": {\"K\": \"v\"}}\n");
        bed.environment.put("STUBTOOL_TOKEN", "token-from-host");

        CoiTerminal first = shell("--tool", "stubtool");
        String id = sessionId(first);
        first.awaitScreen("stub-tool ready session=" + id + " turns=0", START);
        assertTrue(first.screen().contains("stub-tool settings={\"theme\":\"dark\",\"sandboxed\":true}"
                + " token=token-from-host"), first::history);
        first.type("hello data");
        first.awaitScreen("stub-tool: you said hello data (turn 1)", ANSWER);
        powerOff(first, "stub-tool");
        awaitEnded(first);

        Path saved = bed.sessionDirectory("stubtool", id);
        assertEquals("stubtool", field(bed.metadata("stubtool", id), "tool"));
        assertEquals(List.of("hello data"), Files.readAllLines(saved.resolve(".stubtool/sessions/" + id + ".log")));

        CoiTerminal resumed = shell("--tool", "stubtool", "--resume");
        resumed.awaitScreen("stub-tool resumed session=" + id, START);
        resumed.awaitScreen("stub-tool ready session=" + id + " turns=1", ANSWER);
        resumed.type("more");
        resumed.awaitScreen("stub-tool: you said more (turn 2)", ANSWER);
        powerOff(resumed, "stub-tool");
        awaitEnded(resumed);
        assertEquals(List.of("hello data", "more"),
                Files.readAllLines(saved.resolve(".stubtool/sessions/" + id + ".log")));
    }

    /**
     * A tool coi ships as a tool file: how coi starts it new and resumed (the argument lists, {@code %s} for the
     * coi session id and {@code %t} for the one the tool wrote), the variables it must get, and its files.
     */
    private record Shipped(String tool, String fresh, String resumed, String environment, List<String> files) {
    }

    /**
     * Codex, Gemini CLI, OpenCode and pi, each through a stand-in that says how it was started (the arguments are
     * those the real tools' own --help names, which OfflineCoiBuildIT checks in an image with the real tools): a
     * session, then its resume by the tool's own session id; each gets its files and variables and no other, and
     * the sandbox block in its instructions file.
     */
    @Test
    void theToolsCoiShipsAsFilesStartAndResumeAsEachExpectsWithOnlyTheirFilesAndVariables() throws Exception {
        hostFile(".codex/auth.json", "{\"tokens\": {}}");
        hostFile(".codex/config.toml", "[mcp_servers.host]\ncommand = \"host-only\"\n");
        hostFile(".gemini/oauth_creds.json", "{\"access_token\": \"t\"}");
        hostFile(".pi/agent/auth.json", "{\"anthropic\": {\"type\": \"api_key\", \"key\": \"a-key\"}}");
        hostFile(".ssh/id_ed25519", "host secret");
        bed.environment.put("OPENAI_API_KEY", "sk-openai");
        bed.environment.put("GEMINI_API_KEY", "g-key");
        bed.environment.put("ANTHROPIC_API_KEY", "a-key");
        List<Shipped> shipped = List.of(
                new Shipped("codex", "--no-daemon --dangerously-bypass-approvals-and-sandbox",
                        "resume --no-daemon %t --dangerously-bypass-approvals-and-sandbox",
                        "OPENAI_API_KEY=sk-openai GEMINI_API_KEY=unset ANTHROPIC_API_KEY=unset",
                        List.of("./.codex/auth.json", "./.codex/AGENTS.md")),
                new Shipped("gemini", "--skip-trust --session-id %s --yolo", "--skip-trust --resume %s --yolo",
                        "OPENAI_API_KEY=unset GEMINI_API_KEY=g-key ANTHROPIC_API_KEY=unset",
                        List.of("./.gemini/oauth_creds.json", "./.gemini/GEMINI.md")),
                new Shipped("opencode", "--auto", "--continue --auto",
                        "OPENAI_API_KEY=unset GEMINI_API_KEY=unset ANTHROPIC_API_KEY=unset",
                        List.of("./.config/opencode/opencode.json", "./.config/opencode/AGENTS.md")),
                new Shipped("pi", "--offline", "--offline --session %t",
                        "OPENAI_API_KEY=sk-openai GEMINI_API_KEY=g-key ANTHROPIC_API_KEY=a-key",
                        List.of("./.pi/agent/auth.json", "./.pi/agent/AGENTS.md")));
        for (Shipped tool : shipped) {
            String name = "stand-in " + tool.tool();
            CoiTerminal first = shell("--tool", tool.tool());
            String id = sessionId(first);
            first.awaitScreen(name + " ready", START);
            String screen = first.screen();
            String toolId = first.awaitMatch(Pattern.compile(name + " wrote session=([0-9a-f-]{36})"), ANSWER).group(1);
            assertTrue(screen.contains(name + " argv=[" + tool.fresh().replace("%s", id) + "]"), first::history);
            assertTrue(screen.contains(name + " env " + tool.environment()), first::history);
            assertTrue(screen.contains(name + " context=present"), first::history);
            tool.files().forEach(file -> assertTrue(screen.contains(" " + file + " ") || screen.contains("[" + file
                    + " "), () -> file + "\n" + first.history()));
            assertFalse(screen.contains("config.toml") || screen.contains(".ssh"), first::history);
            powerOff(first, name);
            awaitEnded(first);
            assertEquals(tool.tool(), field(bed.metadata(tool.tool(), id), "tool"));

            CoiTerminal resumed = shell("--tool", tool.tool(), "--resume");
            resumed.awaitScreen(name + " ready", START);
            String expected = tool.resumed().replace("%s", id).replace("%t", toolId);
            assertTrue(resumed.screen().contains(name + " argv=[" + expected + "]"), resumed::history);
            powerOff(resumed, name);
            awaitEnded(resumed);
        }
    }

    @Test
    void theInteractivePermissionModeLeavesOutTheToolsBypassArguments() throws Exception {
        CoiTerminal session = shell("--tool", "gemini", "--permission-mode", "interactive");
        String id = sessionId(session);
        session.awaitScreen("stand-in gemini ready", START);
        assertTrue(session.screen().contains("stand-in gemini argv=[--skip-trust --session-id " + id + "]"),
                session::history);
        powerOff(session, "stand-in gemini");
        awaitEnded(session);
    }

    private void hostFile(String path, String content) throws IOException {
        Files.writeString(Files.createDirectories(bed.home.resolve(path).getParent()).resolve(
                Path.of(path).getFileName()), content);
    }

    private static List<String> aiderFilesIn(Path workspace) throws IOException {
        try (Stream<Path> files = Files.list(workspace)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(".aider")).toList();
        }
    }
}
