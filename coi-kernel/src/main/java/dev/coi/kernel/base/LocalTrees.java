package dev.coi.kernel.base;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Host file trees the file copies stage and clean up. A tree pulled out of a container may hold links the agent
 * made to any host path; nothing here follows one.
 */
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

    /**
     * The entry at a relative path below a root, when neither the root nor any folder on the way is a link
     * (the entry itself may be one: callers look at it without following it). A pulled tree is written by coi
     * alone once the pull is done, so what is checked here stays so.
     *
     * @param root the top of the tree
     * @param relative a path inside it, such as {@code auth/creds.json}
     * @return the entry's path, empty when a link or a non-folder is on the way or the path leaves the root
     */
    public static Optional<Path> below(Path root, String relative) {
        Path path = root.resolve(relative).normalize();
        if (!path.startsWith(root.normalize()) || path.equals(root.normalize())) {
            return Optional.empty();
        }
        Path folder = root;
        for (Path name : root.normalize().relativize(path.getParent())) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (!name.toString().isEmpty()) {
                folder = folder.resolve(name);
            }
        }
        return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) ? Optional.of(path) : Optional.empty();
    }

    /**
     * Deletes the file (or link, not what it points to) at a relative path below a root, also from a folder the
     * container had made read-only; nothing happens when it is not there or a link is on the way.
     *
     * @param root the top of the tree
     * @param relative a path inside it
     * @throws IOException when it cannot be deleted
     */
    public static void deleteBelow(Path root, String relative) throws IOException {
        Optional<Path> entry = below(root, relative);
        if (entry.isEmpty() || !Files.exists(entry.get(), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path parent = entry.get().getParent();
        int mode = (Integer) Files.getAttribute(parent, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0300) != 0300) {
            Files.setAttribute(parent, "unix:mode", mode & 07777 | 0300);
        }
        Files.delete(entry.get());
    }
}
