package dev.coi.kernel.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Changes to the host's workspace, made so that nothing the container sent can reach outside it: every folder on
 * the way is checked to be a real folder (never a link) and made when missing; a file is written under a temp name
 * in its own folder and renamed over the old one, so that a reader sees the old or the new content and a link at the
 * path would be replaced, never followed; setuid, setgid and sticky bits never come across.
 */
final class HostWrites {

    /** A change that cannot be made because of what is on the host's side. */
    static final class Blocked extends IOException {
        Blocked(String message) {
            super(message);
        }
    }

    private final HostWorkspace host;

    HostWrites(HostWorkspace host) {
        this.host = host;
    }

    /**
     * Puts a staged file at the path. An existing file keeps its permissions; a new one gets {@code rw-r--r--}, or
     * {@code rwxr-xr-x} when the container's was executable.
     *
     * @throws Blocked when a folder on the way is a link or no folder, or the path is something else than a file
     */
    void write(String path, Path staged, boolean executable) throws IOException {
        Path parent = realParents(path);
        Path target = host.root().resolve(path);
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--");
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new Blocked(path + " is a " + (Files.isSymbolicLink(target) ? "symbolic link" : "folder or"
                        + " special file") + " on the host");
            }
            mode = Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
            mode.remove(PosixFilePermission.GROUP_WRITE);
            mode.remove(PosixFilePermission.OTHERS_WRITE);
        }
        Path temp = Files.createTempFile(parent, ".coi-sync-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.copy(staged, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(temp, mode);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Moves the file or link at the path, not followed, to the same path under {@code trash}. */
    Path moveAside(String path, Path trash) throws IOException {
        realParents(path);
        Path target = trash.resolve(path);
        Files.createDirectories(target.getParent());
        Files.move(host.root().resolve(path), target, LinkOption.NOFOLLOW_LINKS);
        return target;
    }

    /** The folder of the path, its missing folders made; refused when one on the way is a link or no folder. */
    private Path realParents(String path) throws IOException {
        Path current = host.root();
        String[] components = path.split("/");
        for (int i = 0; i < components.length - 1; i++) {
            current = current.resolve(components[i]);
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new Blocked(host.root().relativize(current) + " is a " + (Files.isSymbolicLink(current)
                        ? "symbolic link" : "file") + " on the host, not a folder; coi writes nothing through it");
            }
        }
        return current;
    }
}
