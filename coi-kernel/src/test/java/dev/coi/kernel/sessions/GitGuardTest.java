package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.LocalTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitGuardTest {

    private static final String CONFIG = "[core]\n\trepositoryformatversion = 0\n";

    @TempDir
    Path root;

    private Path workspace;
    private Path git;
    private final RecordingProgress progress = new RecordingProgress();
    private GitGuard guard;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(root.resolve("workspace"));
        git = Files.createDirectories(workspace.resolve(".git"));
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("config"), CONFIG);
        Files.createDirectories(git.resolve("hooks"));
        Files.writeString(git.resolve("hooks/pre-commit.sample"), "#!/bin/sh\n");
        Files.createDirectories(git.resolve("info"));
        Files.writeString(git.resolve("info/exclude"), "# nothing\n");
        Files.createDirectories(git.resolve("objects/ab"));
        Files.writeString(git.resolve("objects/ab/cdef"), "blob");
        guard = new GitGuard(root.resolve("home/.coi"), progress);
    }

    @Test
    void leavesARepositoryTheSessionOnlyCommittedToAlone() throws IOException {
        guard.beforeSession(workspace, false);
        Files.writeString(git.resolve("objects/ab/0123"), "another blob");
        Files.writeString(git.resolve("index"), "index");
        Files.writeString(git.resolve("COMMIT_EDITMSG"), "work\n");
        Files.writeString(git.resolve("info/refs"), "0123\trefs/heads/main\n");

        guard.afterSession(workspace, false);

        assertEquals(List.of(), progress.warnings);
        assertFalse(Files.exists(guard.folder(workspace).resolve("record")), "dropped when no session runs");
    }

    @Test
    void putsBackAChangedConfigAndMovesTheSessionsVersionOut() throws IOException {
        guard.beforeSession(workspace, false);
        Files.writeString(git.resolve("config"), CONFIG + "[core]\n\tfsmonitor = /tmp/evil\n");

        List<GitGuard.Finding> findings = guard.check(workspace);

        assertEquals(CONFIG, Files.readString(git.resolve("config")));
        assertEquals(1, findings.size(), findings::toString);
        assertEquals(".git/config", findings.get(0).path());
        Path moved = findings.get(0).movedTo().orElseThrow();
        assertTrue(Files.readString(moved).contains("fsmonitor"), "kept, not deleted");
        assertTrue(moved.startsWith(guard.folder(workspace)));
        assertTrue(progress.warnings.get(0).contains(".git/config") && progress.warnings.get(0).contains(
                moved.toString()), progress.warnings::toString);
    }

    @Test
    void movesOutHooksCommondirAndAlternatesTheSessionAdded() throws IOException {
        guard.beforeSession(workspace, false);
        Files.writeString(git.resolve("hooks/pre-commit"), "#!/bin/sh\ntouch /tmp/x\n");
        Files.writeString(git.resolve("commondir"), "../.x\n");
        Files.writeString(git.resolve("config.worktree"), "[core]\n\thooksPath = /tmp\n");
        Files.createDirectories(git.resolve("objects/info"));
        Files.writeString(git.resolve("objects/info/alternates"), "/tmp/objects\n");
        Files.writeString(git.resolve("info/attributes"), "* filter=x\n");

        List<GitGuard.Finding> findings = guard.check(workspace);

        assertEquals(List.of(".git/commondir", ".git/config.worktree", ".git/hooks/pre-commit",
                ".git/info/attributes", ".git/objects/info/alternates"),
                findings.stream().map(GitGuard.Finding::path).toList());
        for (GitGuard.Finding finding : findings) {
            assertFalse(Files.exists(workspace.resolve(finding.path())), finding.path());
            assertTrue(Files.exists(finding.movedTo().orElseThrow()), finding.path());
        }
        assertTrue(Files.exists(git.resolve("hooks/pre-commit.sample")));
    }

    @Test
    void watchesSubmodulesAndWorktreesToo() throws IOException {
        Path module = Files.createDirectories(git.resolve("modules/libs/x"));
        Files.writeString(module.resolve("HEAD"), "ref: refs/heads/main\n");
        String moduleConfig = CONFIG + "\tworktree = ../../../../libs/x\n";
        Files.writeString(module.resolve("config"), moduleConfig);
        Files.createDirectories(module.resolve("hooks"));
        Path checkout = Files.createDirectories(workspace.resolve("libs/x"));
        Files.writeString(checkout.resolve(".git"), "gitdir: ../../.git/modules/libs/x\n");
        Path worktree = Files.createDirectories(git.resolve("worktrees/w"));
        Files.writeString(worktree.resolve("commondir"), "../..\n");
        guard.beforeSession(workspace, false);
        Files.writeString(module.resolve("config"), moduleConfig + "[core]\n\tfsmonitor = evil\n");
        Files.writeString(checkout.resolve(".git"), "gitdir: ../../.evil\n");
        Files.writeString(module.resolve("hooks/post-checkout"), "evil");
        Files.writeString(worktree.resolve("commondir"), "/tmp/evil\n");

        List<GitGuard.Finding> findings = guard.check(workspace);

        assertEquals(List.of(".git/modules/libs/x/config", ".git/modules/libs/x/hooks/post-checkout",
                ".git/worktrees/w/commondir", "libs/x/.git"), findings.stream().map(GitGuard.Finding::path).toList());
        assertEquals(moduleConfig, Files.readString(module.resolve("config")));
        assertEquals("gitdir: ../../.git/modules/libs/x\n", Files.readString(checkout.resolve(".git")));
        assertEquals(new GitExecutables.Layout(List.of(".git", ".git/worktrees/w", ".git/modules/libs/x"),
                List.of("libs/x/.git")), GitExecutables.layout(workspace));
        assertEquals("../..\n", Files.readString(worktree.resolve("commondir")));
    }

    @Test
    void aHookMadeExecutableCountsAsChanged() throws IOException {
        Files.writeString(git.resolve("hooks/pre-push"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(git.resolve("hooks/pre-push"), PosixFilePermissions.fromString("rw-r--r--"));
        guard.beforeSession(workspace, false);
        Files.setPosixFilePermissions(git.resolve("hooks/pre-push"), PosixFilePermissions.fromString("rwxr-xr-x"));

        assertEquals(1, guard.check(workspace).size());

        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                git.resolve("hooks/pre-push"))));
    }

    @Test
    void aLinkInTheWayIsMovedOutAndNeverWrittenThrough() throws IOException {
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(git.resolve("hooks/post-merge"), "#!/bin/sh\n# the user's\n");
        guard.beforeSession(workspace, false);
        Files.delete(git.resolve("hooks/post-merge"));
        Files.delete(git.resolve("hooks/pre-commit.sample"));
        Files.delete(git.resolve("hooks"));
        Files.createSymbolicLink(git.resolve("hooks"), elsewhere);

        List<GitGuard.Finding> findings = guard.check(workspace);

        assertTrue(Files.isDirectory(git.resolve("hooks"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("#!/bin/sh\n# the user's\n", Files.readString(git.resolve("hooks/post-merge")));
        assertFalse(Files.exists(elsewhere.resolve("post-merge")), "nothing written through the link");
        assertEquals(".git/hooks", findings.get(0).path());
        assertTrue(Files.isSymbolicLink(findings.get(0).movedTo().orElseThrow()));
    }

    @Test
    void aGitFileThatPointsElsewhereIsMovedOut() throws IOException {
        Path other = Files.createDirectories(root.resolve("other"));
        Files.createDirectories(other.resolve(".git"));
        Files.writeString(other.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(other.resolve(".git/config"), CONFIG);
        guard.beforeSession(other, false);
        LocalTrees.delete(other.resolve(".git"));
        Files.writeString(other.resolve(".git"), "gitdir: /tmp/evil\n");

        List<GitGuard.Finding> findings = guard.check(other);

        assertEquals(List.of(".git"), findings.stream().map(GitGuard.Finding::path).toList());
        assertFalse(Files.exists(other.resolve(".git"), LinkOption.NOFOLLOW_LINKS), "no half repository made");
        assertTrue(progress.warnings.get(0).contains("do not run git"), progress.warnings::toString);
    }

    @Test
    void aRepositoryTheSessionMadeStaysWithoutWhatCouldRun() throws IOException {
        Path plain = Files.createDirectories(root.resolve("plain"));
        guard.beforeSession(plain, false);
        Files.createDirectories(plain.resolve(".git/hooks"));
        Files.writeString(plain.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(plain.resolve(".git/config"), CONFIG + "[core]\n\tfsmonitor = evil\n");
        Files.writeString(plain.resolve(".git/hooks/pre-commit.sample"), "#!/bin/sh\n");

        List<GitGuard.Finding> findings = guard.check(plain);

        assertEquals(List.of(".git/config"), findings.stream().map(GitGuard.Finding::path).toList());
        assertTrue(Files.exists(plain.resolve(".git/HEAD")));
    }

    @Test
    void aRecordStaysWhileAnotherSessionRunsAndIsCheckedBeforeTheNext() throws IOException {
        guard.beforeSession(workspace, false);
        Files.writeString(git.resolve("hooks/post-checkout"), "evil");
        guard.afterSession(workspace, true);
        assertFalse(Files.exists(git.resolve("hooks/post-checkout")));
        Files.writeString(git.resolve("hooks/post-checkout"), "evil again, while no coi watched");

        guard.beforeSession(workspace, true);

        assertFalse(Files.exists(git.resolve("hooks/post-checkout")));
        assertEquals(2, progress.warnings.size());
    }

    @Test
    void theRecordIsPrivate() throws IOException {
        guard.beforeSession(workspace, false);

        Path folder = root.resolve("home/.coi/git-guard");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertTrue(Files.exists(guard.folder(workspace).resolve("record/files/.git/config")));
    }

    @Test
    void aRepositoryTheSessionMadeAndAddedToTheIndexLosesWhatCouldRun() throws IOException {
        Files.write(git.resolve("index"), GitIndexLinksTest.index(2, 0100644, "README"));
        guard.beforeSession(workspace, false);
        Path nested = Files.createDirectories(workspace.resolve("vendor/nest/.git/hooks"));
        Files.writeString(nested.resolve("../HEAD"), "ref: refs/heads/main\n");
        Files.writeString(nested.resolve("../config"), CONFIG + "[core]\n\tfsmonitor = evil\n");
        Files.writeString(nested.resolve("pre-commit"), "evil");
        Files.write(git.resolve("index"), GitIndexLinksTest.index(2, 0100644, "README", 0160000, "vendor/nest"));

        List<GitGuard.Finding> findings = guard.check(workspace);

        assertEquals(List.of("vendor/nest/.git/config", "vendor/nest/.git/hooks/pre-commit"),
                findings.stream().map(GitGuard.Finding::path).toList());
        assertTrue(Files.exists(workspace.resolve("vendor/nest/.git/HEAD")), "the rest of it stays");
    }
}
