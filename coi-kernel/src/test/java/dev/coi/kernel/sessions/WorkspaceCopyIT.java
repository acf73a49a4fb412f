package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CoiTerminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session with a copied workspace against the real Incus: what goes in (git's files and history, not what
 * .gitignore names), what {@code coi sync} brings back (changes, a commit, a conflict kept aside) and what it never
 * brings (a hook, a link), and what comes back at {@code coi shutdown}.
 */
class WorkspaceCopyIT {

    private static final ExecOptions AS_CODE = new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code"));

    @TempDir
    Path root;

    private SessionTestBed bed;

    @BeforeEach
    void setUp() throws IOException {
        bed = new SessionTestBed(root);
        Files.createDirectories(root.resolve("host-git-home"));
        hostGit("init", "-q", "-b", "main");
        Files.writeString(bed.workspace.resolve("README"), "the user's project\n");
        Files.writeString(bed.workspace.resolve(".gitignore"), "ignored.txt\n");
        hostGit("add", "README", ".gitignore");
        hostGit("commit", "-q", "-m", "first");
        Files.writeString(bed.workspace.resolve("ignored.txt"), "build output\n");
        Files.writeString(bed.workspace.resolve("untracked.txt"), "not yet added\n");
        SessionTestBed.ownByHostUser(bed.workspace);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void theCopyGoesInComesBackWithSyncAndAtShutdown() throws IOException {
        CoiTerminal started = bed.run(bed.shellArgs("--background", "--workspace-mode", "copy"));
        assertExit(0, started);
        String name = bed.containerName(1);
        assertFalse(bed.container(1).orElseThrow().devices().containsKey("workspace"), "nothing mounted");

        assertEquals(".git\n.gitignore\nREADME\nuntracked.txt\n", agent("ls -A /workspace | sort").stdout());
        assertEquals("first\n", agent("git log --format=%s").stdout());
        assertEquals("1000\n", agent("stat -c %u /workspace/README").stdout());

        CommandResult work = agent("echo 'changed by the agent' > README && echo new > new.txt"
                + " && echo 'the container version' > untracked.txt"
                + " && git add README new.txt && git -c user.name=Agent -c user.email=agent@e2e.invalid"
                + " commit -q -m 'agent work'"
                + " && printf '#!/bin/sh\\ntouch /tmp/hooked\\n' > .git/hooks/post-checkout"
                + " && chmod +x .git/hooks/post-checkout && ln -s /etc/passwd link");
        assertEquals(0, work.exitCode(), work::toString);
        Files.writeString(bed.workspace.resolve("untracked.txt"), "the host version\n");

        CoiTerminal sync = bed.run("sync", name);
        assertExit(3, sync);

        assertEquals("changed by the agent\n", Files.readString(bed.workspace.resolve("README")));
        assertEquals("new\n", Files.readString(bed.workspace.resolve("new.txt")));
        assertEquals("agent work\nfirst\n", hostGit("log", "--format=%s"));
        assertEquals("the host version\n", Files.readString(bed.workspace.resolve("untracked.txt")));
        assertEquals(List.of("the container version\n"), kept("untracked.txt"));
        assertFalse(Files.exists(bed.workspace.resolve(".git/hooks/post-checkout")));
        assertFalse(Files.exists(bed.workspace.resolve("link"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(sync.history().contains("conflict"), sync.history());

        CoiTerminal list = bed.run("list", "--format", "json");
        assertTrue(list.history().contains("\"workspace_mode\": \"copy\""), list.history());

        assertEquals(0, agent("echo late > late.txt").exitCode());
        CoiTerminal shutdown = bed.run("shutdown", name);
        assertExit(0, shutdown);
        assertEquals("late\n", Files.readString(bed.workspace.resolve("late.txt")));
        assertTrue(bed.container(1).isEmpty(), "the container is gone");
    }

    private CommandResult agent(String script) {
        return bed.incus.execOnce(bed.containerName(1), List.of("bash", "-c", "cd /workspace && " + script), AS_CODE);
    }

    /** The container's versions kept aside for a path, in every conflicts folder of the session. */
    private List<String> kept(String path) throws IOException {
        List<String> contents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(bed.home.resolve(".coi/workspace-copies"))) {
            for (Path file : files.filter(file -> file.endsWith(path) && file.toString().contains("/conflicts/"))
                    .toList()) {
                contents.add(Files.readString(file));
            }
        }
        return contents;
    }

    private String hostGit(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "safe.directory=*"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(bed.workspace.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("GIT_"));
        environment.put("HOME", root.resolve("host-git-home").toString());
        environment.put("GIT_CONFIG_NOSYSTEM", "1");
        environment.put("GIT_AUTHOR_NAME", "Host User");
        environment.put("GIT_AUTHOR_EMAIL", "host@e2e.invalid");
        environment.put("GIT_COMMITTER_NAME", "Host User");
        environment.put("GIT_COMMITTER_EMAIL", "host@e2e.invalid");
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + args[0] + " did not end");
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
