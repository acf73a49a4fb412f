package dev.coi.kernel.sessions;

import dev.coi.kernel.incus.LocalTrees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/** coi's files on the host (saved sessions, approvals, network records): written atomically, deleted only as a whole. */
public final class LocalFiles {

    /** Names of work in progress start with this, so that nobody takes them for saved state. */
    public static final String WORK_PREFIX = ".coi-";

    private LocalFiles() {
    }

    /**
     * Writes a file so that readers see the old or the new content, never a part: a temp file in the same
     * folder, flushed to disk, then renamed over the target. The folder is created when missing.
     */
    public static void writeAtomically(Path target, byte[] content, String permissions) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, WORK_PREFIX + target.getFileName() + "-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Deletes a tree without following links. It is first renamed to a hidden name beside it, so that a
     * deletion that fails half-way leaves no half tree under the old name. Read-only directories (a pulled
     * tree may hold some) are made writable first.
     */
    static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path aside = tree.resolveSibling(WORK_PREFIX + "deleting-" + tree.getFileName() + "-" + UUID.randomUUID());
        Files.move(tree, aside, StandardCopyOption.ATOMIC_MOVE);
        LocalTrees.delete(aside);
    }
}
