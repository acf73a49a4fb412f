package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.ANSWER;
import static dev.coi.kernel.sessions.SessionTestBed.awaitReady;
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
        assertTrue(state.contains("\"theme\" : \"light-daltonized\""), "what Claude Code needs still comes in: " + state);
        assertTrue(state.contains("\"hasCompletedOnboarding\" : true"), state);
        String settings = bed.exec(container, "cat /home/code/.claude/settings.json").stdout();
        assertTrue(settings.contains("\"model\" : \"opus\""), settings);
        assertTrue(settings.contains("bypassPermissions"), "the sandbox settings still come in: " + settings);

        terminal.type("/exit");
        terminal.awaitScreen("stub-claude: bye", ANSWER);
    }

    private static String random() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
