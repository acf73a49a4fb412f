package dev.coi.kernel.base;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** coi's files on the host (saved sessions, approvals, network records): written atomically, deleted only as a whole. */
public final class LocalFiles {

    /** Names of work in progress start with this, so that nobody takes them for saved state. */
    public static final String WORK_PREFIX = ".coi-";

    private LocalFiles() {
    }

    /** The mode of coi's folders: the user's alone, so that others read no transcript, credential or record. */
    static final String PRIVATE_FOLDER = "rwx------";

    /** Writes a file's temp copy; to be seen whole, or the write fails. */
    @FunctionalInterface
    interface TempWriter {
        void write(Path temp, byte[] content) throws IOException;
    }

    /**
     * Writes a file so that readers see the old or the new content, never a part: a temp file in the same
     * folder, written completely and flushed to disk, then renamed over the target. When anything fails (a full
     * disk), the old file stays as it was. A missing folder is created for the user alone.
     */
    public static void writeAtomically(Path target, byte[] content, String permissions) throws IOException {
        writeAtomically(target, content, permissions, LocalFiles::writeDurably);
    }

    static void writeAtomically(Path target, byte[] content, String permissions, TempWriter writer)
            throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(PRIVATE_FOLDER)));
        Path temp = Files.createTempFile(folder, WORK_PREFIX + target.getFileName() + "-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        try {
            writer.write(temp, content);
            long written = Files.size(temp);
            if (written != content.length) {
                throw new IOException("wrote " + written + " of " + content.length + " bytes of " + target
                        + " (is the disk full?); the old file is kept");
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

    private static void writeDurably(Path temp, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(channel, ByteBuffer.wrap(content));
            channel.force(true);
        }
    }

    /** A channel may take fewer bytes than offered; one that takes none makes no progress and fails the write. */
    static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                throw new IOException("the disk takes no more bytes (" + buffer.remaining() + " left)");
            }
        }
    }

    /**
     * Creates a folder of coi's state, and the missing folders between it and {@code coiHome}, for the user
     * alone; {@code coiHome} and the folder are made so when they already exist with a wider mode (made by an
     * older coi under the default umask). Everything below a private folder is private, whatever its own mode.
     */
    public static Path privateFolder(Path coiHome, Path folder) throws IOException {
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(PRIVATE_FOLDER));
        Files.createDirectories(folder, mode);
        narrow(coiHome);
        narrow(folder);
        return folder;
    }

    private static void narrow(Path folder) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> own = EnumSet.copyOf(permissions);
        own.retainAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        if (!own.equals(permissions)) {
            Files.setPosixFilePermissions(folder, own);
        }
    }

    /**
     * Deletes a tree without following links. It is first renamed to a hidden name beside it, so that a
     * deletion that fails half-way leaves no half tree under the old name. Read-only directories (a pulled
     * tree may hold some) are made writable first.
     */
    public static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path aside = tree.resolveSibling(WORK_PREFIX + "deleting-" + tree.getFileName() + "-" + UUID.randomUUID());
        Files.move(tree, aside, StandardCopyOption.ATOMIC_MOVE);
        LocalTrees.delete(aside);
    }
}
