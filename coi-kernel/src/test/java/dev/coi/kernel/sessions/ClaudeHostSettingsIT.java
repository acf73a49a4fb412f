package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.ANSWER;
import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static dev.coi.kernel.sessions.SessionTestBed.awaitReady;
import static dev.coi.kernel.sessions.SessionTestBed.powerOff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.kernel.cli.CoiTerminal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claude Code's host files carry more than it needs to run: {@code ~/.claude.json} names MCP servers with their
 * tokens and every other project of the user, {@code ~/.claude/settings.json} may hold cloud keys in {@code env}. A
 * hostile agent reads every file of its container, so only the keys Claude Code needs may come in.
 */
class ClaudeHostSettingsIT {

    @TempDir
    Path root;

    private SessionTestBed bed;
    private final String mcpToken = "mcp-token-secret-" + random();
    private final String cloudKey = "aws-secret-" + random();
    private final String otherProject = "/srv/other-project-" + random();

    @BeforeEach
    void setUp() throws IOException {
        bed = new SessionTestBed(root);
        Files.writeString(bed.home.resolve(".claude.json"), """
                {
                  "hasCompletedOnboarding": true,
                  "theme": "light-daltonized",
                  "mcpServers": {"x": {"command": "x-server", "env": {"TOKEN": "%s"}}},
                  "projects": {"%s": {"allowedTools": [], "hasTrustDialogAccepted": true}}
                }
                """.formatted(mcpToken, otherProject));
        Path claude = Files.createDirectories(bed.home.resolve(".claude"));
        Files.writeString(claude.resolve("settings.json"), """
                {
                  "model": "opus",
                  "env": {"AWS_SECRET_ACCESS_KEY": "%s"}
                }
                """.formatted(cloudKey));
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void theHostsMcpTokensCloudKeysAndOtherProjectsStayOutOfTheContainer() {
        CoiTerminal terminal = bed.shell("--tmux=false");
        awaitReady(terminal);
        String container = bed.containerName(1);

        StringBuilder readable = new StringBuilder();
        for (String secret : List.of(mcpToken, cloudKey, otherProject)) {
            CommandResult found = bed.exec(container, "grep -rlsF -- '" + secret + "' /home /root /tmp /workspace"
                    + " /var/tmp /etc; true");
            if (!found.stdout().isBlank()) {
                readable.append(secret).append(" in ").append(found.stdout().strip().replace('\n', ' ')).append("; ");
            }
        }
        assertEquals("", readable.toString(), "the container reads the host's secrets");
        String state = bed.exec(container, "cat /home/code/.claude.json").stdout();
        assertTrue(state.contains("\"theme\" : \"light-daltonized\""), "what Claude Code needs comes in: " + state);
        assertTrue(state.contains("\"hasCompletedOnboarding\" : true"), state);
        String settings = bed.exec(container, "cat /home/code/.claude/settings.json").stdout();
        assertTrue(settings.contains("\"model\" : \"opus\""), settings);
        assertTrue(settings.contains("bypassPermissions"), "the sandbox settings still come in: " + settings);

        terminal.type("/exit");
        terminal.awaitScreen("stub-claude: bye", ANSWER);
    }

    /**
     * The agent rewrites both files in its container: the host's files stay as they were (neither comes out to
     * the home), and a resumed session gets them from the host again, not the planted copies it saved.
     */
    @Test
    void whatTheAgentWritesIntoTheseFilesReachesNeitherTheHostNorTheResumedSession() throws IOException {
        byte[] hostState = Files.readAllBytes(bed.home.resolve(".claude.json"));
        byte[] hostSettings = Files.readAllBytes(bed.home.resolve(".claude/settings.json"));
        String planted = "planted-" + random();
        CoiTerminal terminal = bed.shell();
        String id = awaitReady(terminal);
        String container = bed.containerName(1);
        CommandResult planting = bed.exec(container, "cd /home/code"
                + " && echo '{\"mcpServers\": {\"evil\": {\"command\": \"" + planted + "\"}}}' > .claude.json"
                + " && echo '{\"hooks\": \"" + planted + "\"}' > .claude/settings.json");
        assertEquals(0, planting.exitCode(), planting.stderr());

        powerOff(terminal);
        assertExit(0, terminal);
        bed.awaitGone(container, SessionTestBed.END);

        assertArrayEquals(hostState, Files.readAllBytes(bed.home.resolve(".claude.json")));
        assertArrayEquals(hostSettings, Files.readAllBytes(bed.home.resolve(".claude/settings.json")));
        CoiTerminal resumed = bed.shell("--resume");
        assertEquals(id, awaitReady(resumed));
        String found = bed.exec(bed.containerName(1), "grep -rlsF -- '" + planted + "' /home/code; true").stdout();
        assertEquals("", found, "the resumed session starts with what the agent planted");
        powerOff(resumed);
        assertExit(0, resumed);
    }

    private static String random() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
