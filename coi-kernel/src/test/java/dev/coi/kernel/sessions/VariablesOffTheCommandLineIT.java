package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.ANSWER;
import static dev.coi.kernel.sessions.SessionTestBed.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CoiTerminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The variables coi hands the tool (API keys, named in {@code [tool.NAME] env} or {@code defaults.environment}) never
 * stand on a host command line, where every local user reads them in {@code /proc/PID/cmdline}: not with
 * {@code coi shell --tmux=false} and not with {@code coi run}, whose commands run through a child
 * {@code incus exec}. The command in the container still gets them.
 */
class VariablesOffTheCommandLineIT {

    @TempDir
    Path root;

    private SessionTestBed bed;
    private final String secret = "cmdline-secret-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

    @BeforeEach
    void setUp() throws IOException {
        bed = new SessionTestBed(root);
        Path config = Files.createDirectories(bed.home.resolve(".config/coi")).resolve("config.toml");
        Files.writeString(config, "[defaults]\nenvironment = { COI_IT_RUN_TOKEN = \"" + secret + "\" }\n\n"
                + "[tool.claude]\nenv = [\"COI_IT_TOOL_TOKEN\"]\n");
        bed.environment.put("COI_IT_TOOL_TOKEN", secret);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void theToolsVariablesOfAShellWithoutTmuxAreOnNoHostCommandLine() {
        CoiTerminal terminal = bed.shell("--tmux=false");
        awaitReady(terminal);

        assertEquals(List.of(), hostCommandLinesWithTheSecret());
        String tool = bed.exec(bed.containerName(1), "tr '\\0' '\\n' </proc/$(pgrep -x claude)/environ").stdout();
        assertTrue(tool.contains("COI_IT_TOOL_TOKEN=" + secret), "the tool still gets it: " + tool);

        terminal.type("/exit");
        terminal.awaitScreen("stub-claude: bye", ANSWER);
    }

    @Test
    void theVariablesOfCoiRunAreOnNoHostCommandLine() throws Exception {
        CoiTerminal terminal = bed.terminal().start("run", "--image", bed.image, "--", "sh", "-c",
                "echo \"token:$COI_IT_RUN_TOKEN\"; echo started; sleep 6; echo done");
        terminal.awaitScreen("started", SessionTestBed.START);

        assertEquals(List.of(), hostCommandLinesWithTheSecret());
        assertEquals(0, terminal.awaitExit(SessionTestBed.END), terminal::history);
        assertTrue(terminal.history().contains("token:" + secret), "the command still gets it: "
                + terminal.history());
        assertTrue(terminal.history().contains("done"), terminal::history);
    }

    /** Every host process whose command line holds the secret, as any local user could read it. */
    private List<String> hostCommandLinesWithTheSecret() {
        List<String> found = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String commandLine = new String(Files.readAllBytes(process.resolve("cmdline")),
                            StandardCharsets.UTF_8).replace('\0', ' ');
                    if (commandLine.contains(secret)) {
                        found.add(process.getFileName() + ": " + commandLine);
                    }
                } catch (IOException e) {
                    // the process ended while the list was read
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return found;
    }
}
