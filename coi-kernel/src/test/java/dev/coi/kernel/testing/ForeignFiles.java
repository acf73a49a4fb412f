package dev.coi.kernel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes what a session's container root left in a test's folder: the agent has root in its container, and what it
 * writes into the workspace belongs to an id of the container's range on the host (1000000 and up), which the user
 * running the tests may not delete, nor JUnit after the test. As root the tests need nothing of this; as a normal user
 * the folder is removed by a JVM as root ({@link RootJvm}), and only when it holds such files.
 */
public final class ForeignFiles {

    private ForeignFiles() {
    }

    /**
     * Deletes the folder when something in it belongs to another user and this JVM is not root.
     *
     * @param folder the test's folder
     */
    public static void removeIfAny(Path folder) {
        if (RootJvm.isRoot() || !Files.isDirectory(folder) || !anyForeign(folder)) {
            return;
        }
        try {
            RootJvm.Result removal = RootJvm.run("removing the files a container's root left in " + folder,
                    ForeignFiles.class, folder.toString());
            if (removal.exitCode() != 0) {
                System.err.println("could not remove " + folder + " as root: " + removal.err());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes each folder named, links not followed; run as root. */
    public static void main(String[] args) throws IOException {
        for (String folder : args) {
            try (Stream<Path> paths = Files.walk(Path.of(folder))) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static boolean anyForeign(Path folder) {
        int me = RootJvm.uid();
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.anyMatch(path -> uid(path) != me);
        } catch (IOException | UncheckedIOException e) {
            return true;
        }
    }

    private static int uid(Path path) {
        try {
            return (int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
