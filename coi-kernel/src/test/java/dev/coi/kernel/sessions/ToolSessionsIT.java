package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.ANSWER;
import static dev.coi.kernel.sessions.SessionTestBed.END;
import static dev.coi.kernel.sessions.SessionTestBed.START;
import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static dev.coi.kernel.sessions.SessionTestBed.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * AI tools other than Claude in real sessions, on an image made by the real {@code coi build custom} with stub-aider
 * and stub-tool ({@link SessionTestImage#TOOLS_SCRIPT}): Aider through its bundled plugin, and a tool that exists
 * only as a TOML declaration in the user's tool folder.
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

    private static List<String> aiderFilesIn(Path workspace) throws IOException {
        try (Stream<Path> files = Files.list(workspace)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(".aider")).toList();
        }
    }
}
