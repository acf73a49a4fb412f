package dev.coi.kernel.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removals from a real folder counted through the host's inotify, as a session's workspace is watched. */
class WorkspaceRemovalsTest {

    private static final Duration SETTLE = Duration.ofSeconds(10);

    @TempDir
    Path workspace;

    @Test
    void countsWhatIsRemovedDownToItsDepthAlsoInFoldersMadeAfterItBegan() throws Exception {
        Path src = Files.createDirectories(workspace.resolve("src/main/java/deep/deeper"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(workspace.resolve("src/main/f" + i), "x");
            Files.writeString(src.resolve("g" + i), "beyond the depth watched");
        }
        try (WorkspaceRemovals removals = WorkspaceRemovals.watch(workspace)) {
            Path later = Files.createDirectories(workspace.resolve("later"));
            awaitCount(removals, 0);
            Files.writeString(later.resolve("new"), "x");
            Files.writeString(workspace.resolve("top"), "x");

            Files.delete(workspace.resolve("top"));
            awaitCount(removals, 1);
            Files.delete(later.resolve("new"));
            awaitCount(removals, 2);

            removeTree(workspace.resolve("src"));
            // src, main, java, deep, deeper (deep's, the deepest folder watched) and the 5 files of main; what
            // deeper held is below the depth watched
            awaitCount(removals, 2 + 5 + 5);
        }
    }

    @Test
    void aWorkspaceThatIsGoneCannotBeWatched() {
        assertThrows(IOException.class, () -> WorkspaceRemovals.watch(workspace.resolve("gone")));
    }

    private static void awaitCount(WorkspaceRemovals removals, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (removals.count() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
        assertEquals(expected, removals.count());
    }

    private static void removeTree(Path top) throws IOException {
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
