package dev.coi.kernel.incus;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Host file trees the file copies stage and clean up. */
public final class LocalTrees {

    private LocalTrees() {
    }

    /**
     * Deletes a file, link or directory tree without following links. Directories are made writable first,
     * because a pulled tree may hold read-only ones.
     *
     * @param path what to delete
     * @throws IOException when something cannot be deleted
     */
    public static void delete(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 0700) != 0700) {
                Files.setAttribute(path, "unix:mode", mode & 07777 | 0700);
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    delete(entry);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
