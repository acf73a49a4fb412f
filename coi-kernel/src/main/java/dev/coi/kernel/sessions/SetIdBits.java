package dev.coi.kernel.sessions;

import dev.coi.api.Progress;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Takes the setuid and setgid bits off the files of a workspace once no session runs in it. The code user writes
 * the workspace as its owner, so the agent can {@code chmod u+s} a program there and leave the owner's uid to any
 * local user who may run it. Files are changed only while no container of the workspace runs, so that the agent
 * cannot swap a file for a link between the look and the change; links are never followed.
 */
public final class SetIdBits {

    private static final int SET_ID = 06000;
    private static final String MODE = "unix:mode";
    private static final String UID = "unix:uid";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Progress progress;
    private final int ownUid;
    private final Path quarantine;

    /**
     * @param ownUid the uid coi runs as: only root may change the files of others
     * @param quarantine where a file coi may not change is moved, out of other users' reach (a folder of the user's
     *                   own, 0700, made when needed)
     */
    public SetIdBits(Progress progress, int ownUid, Path quarantine) {
        this.progress = progress;
        this.ownUid = ownUid;
        this.quarantine = quarantine;
    }

    /** The files found with a bit, as paths relative to the workspace; each is named on the progress. */
    public List<String> clear(Path workspace) {
        List<String> found = new ArrayList<>();
        try {
            Files.walkFileTree(workspace, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile()) {
                        clearOne(workspace, file, found);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            progress.warn("could not look for setuid and setgid files in " + workspace + ": " + e.getMessage());
        }
        return found;
    }

    private void clearOne(Path workspace, Path file, List<String> found) throws IOException {
        int mode = (Integer) Files.getAttribute(file, MODE, LinkOption.NOFOLLOW_LINKS);
        if ((mode & SET_ID) == 0) {
            return;
        }
        String name = workspace.relativize(file).toString();
        found.add(name);
        int owner = (Integer) Files.getAttribute(file, UID, LinkOption.NOFOLLOW_LINKS);
        if (ownUid != 0 && owner != ownUid) {
            moveAway(workspace, file, owner);
            return;
        }
        int cleared = mode & 07777 & ~SET_ID;
        try {
            Files.setAttribute(file, MODE, cleared, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            // without links the change opens the file, which its mode may forbid (4111); no session runs, so the
            // regular file just looked at is still one
            Files.setAttribute(file, MODE, cleared);
        }
        progress.warn("a session made " + file + " setuid or setgid: the bits are taken off");
    }

    /** A file of a container id (root in it made it) cannot be changed, but the workspace's owner may move it. */
    private void moveAway(Path workspace, Path file, int owner) {
        Path target = quarantine.resolve(STAMP.format(LocalDateTime.now()) + "-" + UUID.randomUUID().toString()
                .substring(0, 8)).resolve(workspace.relativize(file));
        try {
            Files.createDirectories(quarantine, PosixFilePermissions.asFileAttribute(PRIVATE));
            Files.setPosixFilePermissions(quarantine, PRIVATE);
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            progress.warn("a session left " + file + " setuid or setgid, owned by uid " + owner + ", which coi cannot"
                    + " change: moved to " + target + ", where only you reach it (delete it with sudo rm)");
        } catch (IOException e) {
            progress.warn("a session left " + file + " setuid or setgid, owned by uid " + owner + ", which coi can"
                    + " neither change nor move (" + e.getMessage() + "): remove it (sudo rm " + file + ")");
        }
    }
}
