package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static dev.coi.kernel.sessions.SessionTestBed.awaitReady;
import static dev.coi.kernel.sessions.SessionTestBed.powerOff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CoiTerminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent, root in its container, tries to make git on the host run a program of its choosing, through each way
 * into a repository that a session could reach; after the session the user runs git on the host in the workspace,
 * and the program must not have run: the marker it would write (in this test's folder) must not exist. And the
 * agent can still commit, and the host sees its commits.
 *
 * <p>Host git runs with {@code safe.directory=*}: the workspace belongs to another uid than the root that runs the
 * tests, and git would otherwise ignore the repository (the user who owns it has no such protection).
 */
class GitProtectionIT {

    private static final ExecOptions AS_CODE = new ExecOptions(1000, 1000, "/workspace", Map.of("HOME", "/home/code"));

    @TempDir
    Path root;

    private SessionTestBed bed;
    private Path markers;

    @BeforeEach
    void setUp() throws IOException {
        bed = new SessionTestBed(root);
        markers = Files.createDirectories(root.resolve("markers"));
        Files.createDirectories(root.resolve("host-git-home"));
        hostGit(bed.workspace, "init", "-q", "-b", "main");
        Files.writeString(bed.workspace.resolve("README"), "the user's project\n");
        hostGit(bed.workspace, "add", "README");
        hostGit(bed.workspace, "commit", "-q", "-m", "first");
        SessionTestBed.ownByHostUser(bed.workspace);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void theAgentCommitsAndTheHostSeesTheCommit() throws IOException {
        CoiTerminal terminal = session();

        CommandResult commit = bed.incus.execOnce(bed.containerName(1), List.of("bash", "-c", "cd /workspace"
                + " && echo work >work.txt && git add work.txt"
                + " && git -c user.name=Agent -c user.email=agent@e2e.invalid commit -q -m 'agent work'"), AS_CODE);
        assertEquals(0, commit.exitCode(), commit::toString);
        end(terminal);

        assertEquals("agent work\nfirst\n", hostGit(bed.workspace, "log", "--format=%s"));
        assertEquals("", hostGit(bed.workspace, "status", "--porcelain"));
        assertFalse(terminal.history().contains("put back"), "nothing to undo: " + terminal.history());
    }

    /** Issue 13 (a): the read-only config moves away with the renamed .git, and a copy takes its place. */
    @Test
    void aCopiedGitFolderRunsNothingOnTheHost() throws IOException {
        CoiTerminal terminal = session();
        Path fsmonitor = markers.resolve("copied-fsmonitor");
        Path hook = markers.resolve("copied-hook");

        CommandResult unmount = agent("umount /workspace/.git/config; umount -l /workspace/.git");
        System.err.println("umount in the container: " + unmount);
        agent("cd /workspace && mv .git .g && cp -a .g .git"
                + " && " + appendFsmonitor(".git/config", fsmonitor) + " && " + hook(".git/hooks/pre-commit", hook));
        end(terminal);

        hostGit(bed.workspace, "status");
        hostGit(bed.workspace, "commit", "-q", "--allow-empty", "-m", "by the user");
        assertFalse(Files.exists(fsmonitor), "the agent's core.fsmonitor ran on the host (umount: " + unmount + ")");
        assertFalse(Files.exists(hook), "the agent's pre-commit hook ran on the host");
    }

    /** Issue 13 (b): commondir sends git to config and hooks of a folder the agent made. */
    @Test
    void aCommondirToAFolderOfTheAgentRunsNothingOnTheHost() throws IOException {
        CoiTerminal terminal = session();
        Path fsmonitor = markers.resolve("commondir-fsmonitor");
        Path hook = markers.resolve("commondir-hook");

        agent("cd /workspace && mkdir -p .x/hooks && cp -a .git/objects .git/refs .x/"
                + " && printf '[core]\\n\\trepositoryformatversion = 0\\n' >.x/config"
                + " && " + appendFsmonitor(".x/config", fsmonitor) + " && " + hook(".x/hooks/pre-commit", hook)
                + " && echo ../.x >.git/commondir");
        end(terminal);

        hostGit(bed.workspace, "status");
        hostGit(bed.workspace, "commit", "-q", "--allow-empty", "-m", "by the user");
        assertFalse(Files.exists(fsmonitor), "the agent's core.fsmonitor ran on the host");
        assertFalse(Files.exists(hook), "the agent's pre-commit hook ran on the host");
        assertFalse(Files.exists(bed.workspace.resolve(".git/commondir")));
        assertTrue(terminal.history().contains(".git/commondir"), "the user is told: " + terminal.history());
    }

    /**
     * Issue 13 (c): a submodule's config and hooks in {@code .git/modules}, {@code .git/info}, and the {@code .git}
     * file of a submodule's checkout pointed at a repository the agent made; and a repository the agent made in the
     * workspace and added to the index as a submodule, in which git status runs git.
     */
    @Test
    void submodulesInfoAndGitFilesRunNothingOnTheHost() throws IOException {
        Path upstream = Files.createDirectories(root.resolve("upstream"));
        hostGit(upstream, "init", "-q", "-b", "main");
        hostGit(upstream, "commit", "-q", "--allow-empty", "-m", "upstream");
        hostGit(bed.workspace, "submodule", "add", "-q", upstream.toString(), "sub");
        hostGit(bed.workspace, "submodule", "add", "-q", upstream.toString(), "sub2");
        hostGit(bed.workspace, "commit", "-q", "-m", "submodules");
        SessionTestBed.ownByHostUser(bed.workspace);
        CoiTerminal terminal = session();
        Path moduleFsmonitor = markers.resolve("module-fsmonitor");
        Path moduleHook = markers.resolve("module-hook");
        Path pointerFsmonitor = markers.resolve("pointer-fsmonitor");
        Path nestedFsmonitor = markers.resolve("nested-fsmonitor");

        agent("cd /workspace; " + appendFsmonitor(".git/modules/sub/config", moduleFsmonitor));
        agent("cd /workspace; " + hook(".git/modules/sub/hooks/pre-commit", moduleHook));
        agent("cd /workspace; echo '* diff=agent' >.git/info/attributes");
        agent("cd /workspace && cp -a .git/modules/sub2 .y && git config -f .y/config --unset core.worktree"
                + " && " + appendFsmonitor(".y/config", pointerFsmonitor) + "; echo 'gitdir: ../.y' >sub2/.git");
        CommandResult nested = bed.incus.execOnce(bed.containerName(1), List.of("bash", "-c", "cd /workspace"
                + " && git init -q nest && git -C nest -c user.name=A -c user.email=a@e2e.invalid commit -q"
                + " --allow-empty -m nested && " + appendFsmonitor("nest/.git/config", nestedFsmonitor)
                + " && git add nest"), AS_CODE);
        assertEquals(0, nested.exitCode(), nested::toString);
        end(terminal);

        hostGit(bed.workspace, "status");
        hostGit(bed.workspace.resolve("sub"), "status");
        hostGit(bed.workspace.resolve("sub2"), "status");
        hostGit(bed.workspace.resolve("sub"), "commit", "-q", "--allow-empty", "-m", "by the user");
        assertFalse(Files.exists(moduleFsmonitor), "the core.fsmonitor of the submodule's config ran on the host");
        assertFalse(Files.exists(moduleHook), "the submodule's pre-commit hook ran on the host");
        assertFalse(Files.exists(pointerFsmonitor), "git followed the submodule's .git file to the agent's repository");
        assertFalse(Files.exists(nestedFsmonitor), "git status ran git in a repository the agent made and added");
        assertFalse(Files.exists(bed.workspace.resolve(".git/info/attributes")), ".git/info was changed");
    }

    /** coi run ends its container itself: its end checks the repository too. */
    @Test
    void coiRunChecksTheRepositoryWhenTheCommandEnds() throws IOException {
        Path fsmonitor = markers.resolve("run-fsmonitor");

        CoiTerminal run = bed.run("run", "--image", bed.image, "--", "bash", "-c", "cd /workspace && mkdir .x"
                + " && cp -a .git/objects .git/refs .x/ && printf '[core]\\n\\trepositoryformatversion = 0\\n'"
                + " >.x/config && " + appendFsmonitor(".x/config", fsmonitor) + " && echo ../.x >.git/commondir");

        assertExit(0, run);
        hostGit(bed.workspace, "status");
        assertFalse(Files.exists(fsmonitor), "the core.fsmonitor of coi run's command ran on the host");
        assertTrue(run.history().contains(".git/commondir"), "the user is told: " + run.history());
    }

    /** A session the user only detached from goes on unwatched: before it is resumed, the repository is checked. */
    @Test
    void aDetachedSessionIsCheckedBeforeItIsResumed() throws IOException {
        CoiTerminal terminal = bed.shell("--persistent");
        awaitReady(terminal);
        String container = bed.containerName(1);
        terminal.sendKeys("C-b", "d");
        assertExit(0, terminal);
        Path fsmonitor = markers.resolve("unwatched-fsmonitor");

        agent("cd /workspace && mkdir -p .x && cp -a .git/objects .git/refs .x/"
                + " && printf '[core]\\n\\trepositoryformatversion = 0\\n' >.x/config"
                + " && " + appendFsmonitor(".x/config", fsmonitor) + " && echo ../.x >.git/commondir");
        CoiTerminal resumed = bed.shell("--resume");
        awaitReady(resumed);

        assertFalse(Files.exists(bed.workspace.resolve(".git/commondir")), resumed::history);
        hostGit(bed.workspace, "status");
        assertFalse(Files.exists(fsmonitor), "the agent's core.fsmonitor ran on the host");
        assertExit(0, bed.run("shutdown", container));
        assertExit(0, resumed);
        // printed before tmux took the screen, seen again when it gives it back
        assertTrue(resumed.history().contains(".git/commondir"), "the user is told: " + resumed.history());
    }

    private CoiTerminal session() {
        CoiTerminal terminal = bed.shell();
        awaitReady(terminal);
        return terminal;
    }

    private void end(CoiTerminal terminal) {
        powerOff(terminal);
        assertExit(0, terminal);
    }

    /** Runs a script as root in the session's container, as the agent can with sudo. */
    private CommandResult agent(String script) {
        return bed.exec(bed.containerName(1), script);
    }

    private static String appendFsmonitor(String config, Path marker) {
        return "printf '[core]\\n\\tfsmonitor = \"%s\"\\n' 'touch " + marker + "; false' >>" + config;
    }

    private static String hook(String file, Path marker) {
        return "printf '#!/bin/sh\\ntouch %s\\n' " + marker + " >" + file + " && chmod +x " + file;
    }

    /** Runs git on the host as the user would, with no system or global config; its output. */
    private String hostGit(Path directory, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "safe.directory=*", "-c",
                "protocol.file.allow=always"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
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
            System.err.println("host git " + String.join(" ", args) + " -> " + process.exitValue() + "\n" + output);
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
