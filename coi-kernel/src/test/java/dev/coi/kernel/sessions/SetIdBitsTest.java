package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetIdBitsTest {

    @TempDir
    Path workspace;
    @TempDir
    Path coiHome;
    private Path quarantine;

    private final RecordingProgress progress = new RecordingProgress();

    @BeforeEach
    void setUp() {
        quarantine = coiHome.resolve("quarantine");
    }

    private static int mode(Path file) throws Exception {
        return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static int ownUid() throws Exception {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static Path withMode(Path file, int mode) throws Exception {
        Files.setAttribute(file, "unix:mode", mode);
        return file;
    }

    @Test
    void theBitsAreTakenOffFilesDeepInTheTreeAndNamed() throws Exception {
        Path setuid = withMode(Files.writeString(Files.createDirectories(workspace.resolve("a/b")).resolve("run"),
                "#!/bin/sh\n"), 04755);
        Path setgid = withMode(Files.writeString(workspace.resolve("g"), ""), 02750);
        Path unreadable = withMode(Files.writeString(workspace.resolve("x"), ""), 04111);
        Path plain = withMode(Files.writeString(workspace.resolve("plain"), ""), 0644);

        List<String> found = new SetIdBits(progress, ownUid(), quarantine).clear(workspace);

        assertEquals(List.of("a/b/run", "g", "x"), found.stream().sorted().toList());
        assertEquals(0755, mode(setuid));
        assertEquals(0750, mode(setgid));
        assertEquals(0111, mode(unreadable));
        assertEquals(0644, mode(plain));
        assertEquals(3, progress.warnings.size(), progress.warnings::toString);
        assertTrue(progress.warnings.get(0).contains("the bits are taken off"), progress.warnings::toString);
    }

    @Test
    void aLinkIsNeitherFollowedNorChanged() throws Exception {
        Path outside = Files.createTempFile("coi-setid", "");
        try {
            withMode(outside, 04755);
            Files.createSymbolicLink(workspace.resolve("link"), outside);
            Files.createSymbolicLink(workspace.resolve("dir-link"), outside.getParent());

            List<String> found = new SetIdBits(progress, ownUid(), quarantine).clear(workspace);

            assertEquals(List.of(), found);
            assertEquals(04755, mode(outside), "a file outside the workspace is left as it is");
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void aFileOfAnotherOwnerIsMovedWhereOnlyTheUserReachesIt() throws Exception {
        Path other = withMode(Files.writeString(Files.createDirectories(workspace.resolve("bin")).resolve("root-made"),
                "x"), 04755);
        int someoneElse = ownUid() + 1;

        List<String> found = new SetIdBits(progress, someoneElse, quarantine).clear(workspace);

        assertEquals(List.of("bin/root-made"), found);
        assertTrue(Files.notExists(other, LinkOption.NOFOLLOW_LINKS));
        List<Path> moved;
        try (var files = Files.walk(quarantine)) {
            moved = files.filter(Files::isRegularFile).toList();
        }
        assertEquals(1, moved.size(), moved::toString);
        assertTrue(moved.get(0).endsWith("bin/root-made"), moved::toString);
        assertEquals(04755, mode(moved.get(0)), "moved as it is: coi may not change it");
        assertEquals(0700, mode(quarantine));
        assertTrue(progress.warnings.get(0).contains("moved to " + moved.get(0) + ", where only you reach it"),
                progress.warnings::toString);
    }
}
